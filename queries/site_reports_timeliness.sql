-- Site reports on time vs late: the yearly report due on 15 May at the end of the period's
-- school year, for every site whose status was valid on that day. Filters apply to the host
-- organization and the site. Rows: one per district plus the total (is_total = true).
-- Also the KPI report_timeliness: on_time ÷ due.
WITH due AS (
  SELECT s.code, o.district_code, make_date($school_year + 1, 5, 15) AS deadline
  FROM sites s
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  WHERE s.status_granted_on <= make_date($school_year + 1, 5, 15)
    AND s.status_valid_until >= make_date($school_year + 1, 5, 15)
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
)
SELECT d.district_code, grouping(d.district_code) = 1 AS is_total,
       count(*) FILTER (WHERE r.submitted_on <= d.deadline)::INTEGER AS on_time,
       count(*) FILTER (WHERE r.submitted_on > d.deadline)::INTEGER AS late,
       count(*) FILTER (WHERE r.submitted_on IS NULL AND d.deadline < current_date)::INTEGER AS missing,
       count(*) FILTER (WHERE r.submitted_on IS NULL AND d.deadline >= current_date)::INTEGER AS pending,
       count(*)::INTEGER AS due,
       any_value(d.deadline) AS deadline
FROM due d
LEFT JOIN site_reports r ON r.site_code = d.code AND r.year = $school_year + 1
GROUP BY GROUPING SETS ((d.district_code), ())
ORDER BY is_total, d.district_code
