-- Dated items of the yearly cycle, set by the admin: the stages of the status competition of year
-- Y (held in autumn Y, see competition_applications) and the site report deadline of year Y (the
-- report for school year Y-1/Y, see site_reports). A year without a row for site_report keeps
-- the default deadline, 15 May; competition stages without a row are not scheduled.
CREATE TABLE deadlines (
  kind VARCHAR NOT NULL CHECK (kind IN ('applications_open', 'applications_close', 'expert_review', 'result_order', 'site_report')),
  year INTEGER NOT NULL,
  due_on DATE NOT NULL,
  PRIMARY KEY (kind, year)
);

-- The macros report_deadline(year) and reports_due(…) this migration created have their source in
-- queries/macros/ now: every start replaces them (server/db/macros.ts).
