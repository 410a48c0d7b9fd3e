-- The site report deadline of a report year: the admin's date, else 15 May.
CREATE OR REPLACE MACRO report_deadline(y) AS
  coalesce((SELECT d.due_on FROM deadlines d WHERE d.kind = 'site_report' AND d.year = y), make_date(y, 5, 15));
