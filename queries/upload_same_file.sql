-- The latest applied upload of the same file (by content) into the same dataset, before $id, and
-- who uploaded it (another user's upload is not in a methodologist's history: she is told whose).
SELECT id, epoch_ms(uploaded_at) AS uploaded_at, uploaded_by
FROM uploads
WHERE sha256 = $sha256 AND dataset = $dataset AND status = 'applied' AND id < $id
ORDER BY id DESC
LIMIT 1
