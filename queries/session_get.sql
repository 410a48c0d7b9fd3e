-- The live session of a token, with its user (if the user may still sign in).
SELECT s.csrf_token, epoch_ms(s.expires_at) AS expires_at, epoch_ms(s.created_at) AS created_at,
       u.id, u.login, u.display_name, u.role, u.districts
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $token_hash AND s.expires_at > current_timestamp AND NOT u.disabled
