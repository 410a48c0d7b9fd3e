-- A login's failure count after one more failure; with $lock_seconds > 0 it is locked that long from now.
INSERT OR REPLACE INTO login_failures (login_key, failures, last_failed_at, locked_until)
VALUES ($login_key, $failures, current_timestamp,
        CASE WHEN $lock_seconds > 0 THEN current_timestamp + to_seconds($lock_seconds) END)
