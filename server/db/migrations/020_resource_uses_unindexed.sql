-- resource_uses keeps its natural key (resource, teacher, day) the way participations does: the
-- import checks it (repeats in a file are refused, a row already there is updated, not added),
-- without a PRIMARY KEY index. At a country's volume (5 million uses) the index had to be held in
-- memory whole when an import committed, and that commit ran out of DuckDB's memory cap; it also
-- made every import of uses five times slower than one of participations.
CREATE TABLE resource_uses_unindexed (
  resource_code VARCHAR NOT NULL,
  teacher_id VARCHAR NOT NULL,
  organization_code VARCHAR NOT NULL,
  used_on DATE NOT NULL,
  upload_id INTEGER
);
INSERT INTO resource_uses_unindexed SELECT resource_code, teacher_id, organization_code, used_on, upload_id FROM resource_uses;
DROP TABLE resource_uses;
ALTER TABLE resource_uses_unindexed RENAME TO resource_uses;
