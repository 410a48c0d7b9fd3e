-- Sites that owe the yearly report of a report year: those whose status was in force on its
-- deadline, in the filter bar's scope (district and type: the host organization; direction: the
-- site), with the report's submission date (NULL: not submitted).
CREATE OR REPLACE MACRO reports_due(p_year, p_district, p_org_type, p_direction) AS TABLE
  SELECT s.code AS site_code, s.name AS site_name, s.host_organization_code AS host_code, h.short_name AS host_name, o.district_code,
         report_deadline(p_year) AS deadline, r.submitted_on
  FROM sites s
  JOIN scope_organizations(p_district, p_org_type) o ON o.code = s.host_organization_code
  JOIN organizations h ON h.code = s.host_organization_code
  LEFT JOIN site_reports r ON r.site_code = s.code AND r.year = p_year
  WHERE s.status_granted_on <= report_deadline(p_year)
    AND s.status_valid_until >= report_deadline(p_year)
    AND (p_direction IS NULL OR s.direction_code = p_direction);
