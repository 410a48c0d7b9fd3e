-- The audit log, newest first, optionally of one action: who by login as recorded, and by the
-- name the account has now (none for a login no account has, e.g. a failed sign-in).
SELECT a.id, iso_instant(a.logged_at) AS at, a.user_login AS "user", u.display_name AS user_name, a.action, a.details, a.ip
FROM audit_log a
LEFT JOIN users u ON lower(u.login) = lower(a.user_login)
WHERE $action::VARCHAR IS NULL OR a.action = $action
ORDER BY a.id DESC
LIMIT $limit
