-- Teachers are stored under a keyed hash (HMAC-SHA256) of their СНИЛС or source-system id; the
-- key is a file outside the database. This table remembers which key made the stored ids (its
-- fingerprint, not the key), so that a server started with another key refuses to run instead
-- of quietly counting one teacher as two. Empty until the server first starts with a key: ids
-- stored before then are raw and are hashed at that start (server/persons/stored-ids.ts).
CREATE TABLE person_key (
  fingerprint VARCHAR NOT NULL,
  adopted_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
