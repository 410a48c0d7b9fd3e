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

-- The site report deadline of a report year: the admin's date, else 15 May.
CREATE MACRO report_deadline(y) AS
  coalesce((SELECT d.due_on FROM deadlines d WHERE d.kind = 'site_report' AND d.year = y), make_date(y, 5, 15));

-- Sites that owe the yearly report of a report year: those whose status was in force on its
-- deadline, in the filter bar's scope (district and type: the host organization; direction: the
-- site), with the report's submission date (NULL: not submitted).
CREATE MACRO reports_due(p_year, p_district, p_org_type, p_direction) AS TABLE
  SELECT s.code AS site_code, s.name AS site_name, h.short_name AS host_name, o.district_code,
         report_deadline(p_year) AS deadline, r.submitted_on
  FROM sites s
  JOIN scope_organizations(p_district, p_org_type) o ON o.code = s.host_organization_code
  JOIN organizations h ON h.code = s.host_organization_code
  LEFT JOIN site_reports r ON r.site_code = s.code AND r.year = p_year
  WHERE s.status_granted_on <= report_deadline(p_year)
    AND s.status_valid_until >= report_deadline(p_year)
    AND (p_direction IS NULL OR s.direction_code = p_direction);
