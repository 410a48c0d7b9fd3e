-- A user by login (case-insensitive), for signing in.
SELECT id, login, display_name, password_hash, role, districts, disabled
FROM users WHERE lower(login) = lower($login)
