-- What the region expects the districts to send, and by when (set by the admin on «Полнота
-- данных»): a dataset without a row keeps the defaults of web/src/lib/shared/completeness.ts.
-- due_days counts from the end of the half-year (events, participations) or from the start of the
-- school year (the organizations' teacher headcounts).
CREATE TABLE data_expectations (
  dataset VARCHAR PRIMARY KEY CHECK (dataset IN ('events', 'participations', 'organization_headcounts')),
  expected BOOLEAN NOT NULL,
  due_days INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 365)
);
