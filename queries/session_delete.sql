-- Ends sessions: one ($token_hash), all of a user ($user_id), or every expired one.
DELETE FROM sessions
WHERE token_hash = $token_hash OR user_id = $user_id OR expires_at <= current_timestamp
