-- Any KPI may get a target from the admin, the means too (participants per event, the rating):
-- the unit check grows 'average'. DuckDB cannot change a CHECK in place, so the table is rebuilt.
CREATE TABLE targets_any (
  kpi_code VARCHAR PRIMARY KEY,
  threshold DOUBLE NOT NULL,
  unit VARCHAR NOT NULL CHECK (unit IN ('percent', 'count', 'average'))
);
INSERT INTO targets_any SELECT kpi_code, threshold, unit FROM targets;
DROP TABLE targets;
ALTER TABLE targets_any RENAME TO targets;
