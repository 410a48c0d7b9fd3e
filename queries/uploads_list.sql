-- Upload history, newest first, or one upload ($id). An upload may be rolled back while it is
-- applied and no later applied upload of the same dataset exists (that one would otherwise be
-- undone along with it).
SELECT u.id, u.user_id, u.dataset, u.file_name, u.sha256, u.size_bytes::INTEGER AS size_bytes, u.uploaded_by,
       epoch_ms(u.uploaded_at) AS uploaded_at, u.mode, u.status, u.message,
       u.rows_total, u.rows_rejected, u.inserted, u.updated, u.deleted, u.unchanged, u.error_count,
       epoch_ms(u.rolled_back_at) AS rolled_back_at,
       u.status = 'applied' AND NOT EXISTS (
         SELECT 1 FROM uploads later WHERE later.dataset = u.dataset AND later.id > u.id AND later.status = 'applied'
       ) AS can_rollback
FROM uploads u
WHERE $id::INTEGER IS NULL OR u.id = $id
ORDER BY u.id DESC
LIMIT $limit
