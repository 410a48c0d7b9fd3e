-- A new session for a user.
INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
VALUES ($token_hash, $user_id, $csrf_token, current_timestamp + to_seconds($ttl_seconds))
