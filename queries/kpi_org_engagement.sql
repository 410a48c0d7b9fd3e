-- KPI org_engagement: organizations of the scope with at least one trainee enrolled in the
-- period, one author of a resource published in the period, or one teacher who used a resource
-- in the period, ÷ all organizations of the scope that existed in the period's school year
-- (open_organizations). Each organization counts once.
-- Direction filter: enrolments and resources at sites of that direction.
-- Rows: one per district of the scope plus the total (is_total = true).
SELECT so.district_code, grouping(so.district_code) = 1 AS is_total,
       count(e.code)::INTEGER AS numerator, count(*)::INTEGER AS denominator
FROM open_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) so
LEFT JOIN (SELECT DISTINCT code FROM engagements($start::DATE, $end::DATE, $direction::VARCHAR)) e ON e.code = so.code
GROUP BY GROUPING SETS ((so.district_code), ())
