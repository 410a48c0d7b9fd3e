-- An organization closed, or merged into another: from the day it stopped, it is no organization
-- of the district — no school year starting after that day counts it among all organizations
-- (the competition's share, engagement) or owes its ОО-1. Its data before that day stay.
-- Rebuilt, as 009, so that upload_id stays the last column.
CREATE TABLE organizations_closing (
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
  closed_on DATE,
  upload_id INTEGER
);
INSERT INTO organizations_closing (code, name, short_name, org_type, district_code, inn, kpp, ogrn, address, head, email, website, is_branch, upload_id)
  SELECT code, name, short_name, org_type, district_code, inn, kpp, ogrn, address, head, email, website, is_branch, upload_id FROM organizations;
DROP TABLE organizations;
ALTER TABLE organizations_closing RENAME TO organizations;

ALTER TABLE upload_before_organizations ADD COLUMN closed_on DATE;
