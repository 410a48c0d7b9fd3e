-- Site reports on time vs late: the yearly report due at the end of the period's school year
-- (15 May unless the admin set another date), for every site whose status was in force on that
-- day (macro reports_due, migration 011). Filters apply to the host organization and the site.
-- Rows: one per district plus the total (is_total = true).
-- Also the KPI report_timeliness: on_time ÷ past_deadline, the sites whose deadline has passed:
-- before the deadline the share has no value (not the 0 % of reports nobody owes yet).
SELECT d.district_code, grouping(d.district_code) = 1 AS is_total,
       count(*) FILTER (WHERE d.submitted_on <= d.deadline)::INTEGER AS on_time,
       count(*) FILTER (WHERE d.submitted_on > d.deadline)::INTEGER AS late,
       count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline < current_date)::INTEGER AS missing,
       count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline >= current_date)::INTEGER AS pending,
       count(*)::INTEGER AS due,
       count(*) FILTER (WHERE d.deadline < current_date)::INTEGER AS past_deadline
FROM reports_due($school_year + 1, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR) d
GROUP BY GROUPING SETS ((d.district_code), ())
ORDER BY is_total, d.district_code
