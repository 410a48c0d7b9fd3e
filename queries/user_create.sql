-- A new user; returns its id.
INSERT INTO users (login, display_name, password_hash, role, districts)
VALUES ($login, $display_name, $password_hash, $role, list_filter(string_split($districts, ','), x -> x <> ''))
RETURNING id
