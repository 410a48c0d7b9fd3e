-- Upload history, row errors, and what each upload changed (for rollback).

CREATE SEQUENCE upload_ids START 1;

CREATE TABLE uploads (
  id INTEGER PRIMARY KEY DEFAULT nextval('upload_ids'),
  dataset VARCHAR, -- NULL until recognised from the file's headers
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_by VARCHAR NOT NULL,
  uploaded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  mode VARCHAR NOT NULL CHECK (mode IN ('strict', 'valid_only')),
  status VARCHAR NOT NULL CHECK (status IN ('processing', 'applied', 'rejected', 'failed', 'rolled_back')),
  message VARCHAR,
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  finished_at TIMESTAMPTZ,
  rolled_back_at TIMESTAMPTZ
);

-- The first errors of an upload (the count of all is in uploads.error_count).
CREATE TABLE upload_errors (
  upload_id INTEGER NOT NULL,
  row_number INTEGER NOT NULL,
  column_name VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  message VARCHAR NOT NULL
);

-- Before-images: op 'insert' holds the inserted row (its key is what a rollback deletes),
-- 'update' the row as it was, 'delete' the deleted row. Same columns as the data table.
CREATE TABLE upload_before_districts AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM districts LIMIT 0;
CREATE TABLE upload_before_directions AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM directions LIMIT 0;
CREATE TABLE upload_before_organizations AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM organizations LIMIT 0;
CREATE TABLE upload_before_organization_headcounts AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM organization_headcounts LIMIT 0;
CREATE TABLE upload_before_sites AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM sites LIMIT 0;
CREATE TABLE upload_before_competition_applications AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM competition_applications LIMIT 0;
CREATE TABLE upload_before_events AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM events LIMIT 0;
CREATE TABLE upload_before_participations AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM participations LIMIT 0;
CREATE TABLE upload_before_resources AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM resources LIMIT 0;
CREATE TABLE upload_before_resource_authors AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM resource_authors LIMIT 0;
CREATE TABLE upload_before_resource_uses AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM resource_uses LIMIT 0;
CREATE TABLE upload_before_site_reports AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM site_reports LIMIT 0;
CREATE TABLE upload_before_plan_items AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM plan_items LIMIT 0;
CREATE TABLE upload_before_plan_item_schedule AS SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * FROM plan_item_schedule LIMIT 0;
