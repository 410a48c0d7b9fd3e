-- Records an upload as it starts; returns its id.
INSERT INTO uploads (dataset, file_name, sha256, size_bytes, uploaded_by, mode, status)
VALUES ($dataset, $file_name, $sha256, $size_bytes, $uploaded_by, $mode, 'processing')
RETURNING id
