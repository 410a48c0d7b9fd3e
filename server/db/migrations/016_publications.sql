-- Published results: an admin approves a period's figures («утвердить итоги за 1 п/г 2026»).
-- Every KPI of every district and of the region is stored as it was measured then, with the
-- target it was judged by and the districts whose data had not arrived, so the figures never
-- change when data change later. A withdrawn approval stays on record (who, when, why); a period
-- has at most one approval in force (the server checks it in the approving transaction).
CREATE SEQUENCE publications_id_seq;
CREATE TABLE publications (
  id INTEGER PRIMARY KEY DEFAULT nextval('publications_id_seq'),
  period VARCHAR NOT NULL,
  -- The period's first and last day: uploads touching them are checked against it in SQL.
  starts_on DATE NOT NULL,
  ends_on DATE NOT NULL,
  approved_by VARCHAR NOT NULL,
  approved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- The order that approves them, as the admin wrote it («приказ № 123 от 10.07.2026»).
  note VARCHAR,
  -- District code → the datasets it had not sent (KpiMeta.needs), as JSON.
  not_arrived VARCHAR NOT NULL,
  withdrawn_by VARCHAR,
  withdrawn_at TIMESTAMPTZ,
  withdraw_reason VARCHAR
);
CREATE TABLE published_figures (
  publication_id INTEGER NOT NULL,
  kpi_code VARCHAR NOT NULL,
  -- NULL: the region as a whole.
  district_code VARCHAR,
  value DOUBLE,
  numerator DOUBLE NOT NULL,
  denominator DOUBLE,
  target DOUBLE
);
