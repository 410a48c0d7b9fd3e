-- A login's failed sign-ins of the last $forget_seconds and how long its lock still lasts (ms, 0 when none).
SELECT failures, greatest(coalesce(epoch_ms(locked_until) - epoch_ms(current_timestamp), 0), 0) AS locked_ms
FROM login_failures
WHERE login_key = $login_key AND last_failed_at > current_timestamp - to_seconds($forget_seconds)
