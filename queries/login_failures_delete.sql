-- Forgets a login's failures ($login_key, after a sign-in), and every login's older than $forget_seconds.
DELETE FROM login_failures
WHERE login_key = $login_key OR last_failed_at <= current_timestamp - to_seconds($forget_seconds)
