-- Upload history, newest first, or one upload ($id), as seen by an uploader limited to the
-- districts $districts (comma-separated; NULL: everything): her own uploads ($user_id) and the
-- uploads of others limited to her districts too — never an admin's, which may hold any district.
-- An upload may be rolled back while it is applied, changed something, and no later applied
-- upload of the same dataset changed anything (that one would otherwise be undone along with
-- it); an upload that changed nothing is never the one to roll back.
SELECT u.id, u.user_id, u.dataset, u.file_name, u.sha256, u.size_bytes::INTEGER AS size_bytes, u.uploaded_by, u.author,
       iso_instant(u.uploaded_at) AS uploaded_at, u.mode, u.status, u.message, u.notes,
       u.rows_total, u.rows_rejected, u.inserted, u.updated, u.deleted, u.unchanged, u.error_count,
       iso_instant(u.rolled_back_at) AS rolled_back_at,
       u.status = 'applied' AND u.inserted + u.updated + u.deleted > 0 AND NOT EXISTS (
         SELECT 1 FROM uploads later
         WHERE later.dataset = u.dataset AND later.id > u.id AND later.status = 'applied'
           AND later.inserted + later.updated + later.deleted > 0
       ) AS can_rollback
FROM uploads u
WHERE ($id::INTEGER IS NULL OR u.id = $id)
  AND ($districts::VARCHAR IS NULL OR u.user_id = $user_id
       OR (u.districts IS NOT NULL AND list_has_all(string_split($districts, ','), string_split(u.districts, ','))))
ORDER BY u.id DESC
LIMIT $limit
