-- Organizations as the public registry of educational organizations describes them: ИНН as text
-- (leading zeros are part of it), КПП (a branch shares its parent's ИНН and has its own КПП),
-- ОГРН, address and contacts for the public catalogue, the head, and whether it is a branch.
-- All optional: a region may upload only codes, names and headcounts.
-- The table is rebuilt rather than altered: rows are appended by column position, with
-- upload_id last (server/db/tables.ts), and DuckDB adds no NOT NULL column to a table.
CREATE TABLE organizations_registry (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR NOT NULL,
  org_type VARCHAR NOT NULL
    CHECK (org_type IN ('school', 'gymnasium', 'lyceum', 'kindergarten', 'additional', 'other')),
  district_code VARCHAR NOT NULL,
  inn VARCHAR CHECK (regexp_full_match(inn, '\d{10}|\d{12}')),
  kpp VARCHAR CHECK (regexp_full_match(kpp, '\d{4}[0-9A-Z]{2}\d{3}')),
  ogrn VARCHAR CHECK (regexp_full_match(ogrn, '\d{13}|\d{15}')),
  address VARCHAR,
  head VARCHAR,
  email VARCHAR,
  website VARCHAR,
  is_branch BOOLEAN NOT NULL DEFAULT false,
  upload_id INTEGER
);
INSERT INTO organizations_registry (code, name, short_name, org_type, district_code, upload_id)
  SELECT code, name, short_name, org_type, district_code, upload_id FROM organizations;
DROP TABLE organizations;
ALTER TABLE organizations_registry RENAME TO organizations;

ALTER TABLE upload_before_organizations ADD COLUMN inn VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN kpp VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN ogrn VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN address VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN head VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN email VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN website VARCHAR;
ALTER TABLE upload_before_organizations ADD COLUMN is_branch BOOLEAN;
