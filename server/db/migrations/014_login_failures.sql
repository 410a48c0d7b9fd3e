-- Failed sign-ins per login (lower-cased; unknown logins too, so that the lockout tells nothing
-- of which accounts exist): server/auth/lockout.ts. In the database, a lock outlives a restart.
CREATE TABLE login_failures (
  login_key VARCHAR PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failed_at TIMESTAMPTZ NOT NULL,
  locked_until TIMESTAMPTZ
);
