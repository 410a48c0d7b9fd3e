-- Sites of the scope that owe the report of the period's school year and missed its deadline:
-- not submitted after the deadline passed (days overdue until today), or submitted late (days
-- late). Most overdue first.
SELECT site_code, site_name, host_name, district_code, deadline, submitted_on,
       date_diff('day', deadline, coalesce(submitted_on, current_date))::INTEGER AS days_late
FROM reports_due($school_year + 1, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR)
WHERE submitted_on > deadline OR (submitted_on IS NULL AND deadline < current_date)
ORDER BY submitted_on IS NOT NULL, days_late DESC, site_name
