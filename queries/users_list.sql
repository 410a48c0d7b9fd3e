-- Users for the admin page, or one user ($id).
SELECT id, login, display_name, role, districts, disabled, iso_instant(created_at) AS created_at
FROM users
WHERE $id::INTEGER IS NULL OR id = $id
ORDER BY lower(login)
