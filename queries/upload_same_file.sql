-- The latest applied upload of the same file (by content) into the same dataset, before $id.
SELECT id, epoch_ms(uploaded_at) AS uploaded_at
FROM uploads
WHERE sha256 = $sha256 AND dataset = $dataset AND status = 'applied' AND id < $id
ORDER BY id DESC
LIMIT 1
