-- Records an upload as it starts; returns its id.
INSERT INTO uploads (dataset, file_name, sha256, size_bytes, uploaded_by, author, user_id, mode, status, districts)
VALUES ($dataset, $file_name, $sha256, $size_bytes, $uploaded_by, $author, $user_id, $mode, 'processing', $districts)
RETURNING id
