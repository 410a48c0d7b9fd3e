-- Admins who may sign in: the last one cannot be disabled or demoted.
SELECT count(*)::INTEGER AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $except_id
