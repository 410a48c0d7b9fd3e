-- Users, sessions and the audit log.

CREATE SEQUENCE user_ids START 1;

CREATE TABLE users (
  id INTEGER PRIMARY KEY DEFAULT nextval('user_ids'),
  login VARCHAR NOT NULL UNIQUE,
  display_name VARCHAR NOT NULL,
  -- scrypt$N$r$p$salt$hash (base64): see server/auth/passwords.ts
  password_hash VARCHAR NOT NULL,
  role VARCHAR NOT NULL CHECK (role IN ('viewer', 'methodologist', 'admin')),
  -- A methodologist's districts: uploads may touch only these.
  districts VARCHAR[] NOT NULL DEFAULT [],
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- The session cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash VARCHAR PRIMARY KEY,
  user_id INTEGER NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  expires_at TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE audit_ids START 1;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
  logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  user_login VARCHAR, -- NULL for anonymous attempts
  action VARCHAR NOT NULL,
  details VARCHAR NOT NULL DEFAULT '',
  ip VARCHAR NOT NULL DEFAULT ''
);

ALTER TABLE uploads ADD COLUMN user_id INTEGER;
