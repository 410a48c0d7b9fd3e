-- Slides a session's expiry forward on activity, never past its absolute limit.
UPDATE sessions SET expires_at = least(current_timestamp + to_seconds($ttl_seconds), created_at + to_seconds($max_seconds))
WHERE token_hash = $token_hash
