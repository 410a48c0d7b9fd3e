-- The audit log, newest first, optionally of one action.
SELECT id, iso_instant(logged_at) AS at, user_login AS "user", action, details, ip
FROM audit_log
WHERE $action::VARCHAR IS NULL OR action = $action
ORDER BY id DESC
LIMIT $limit
