-- KPI reach_share: distinct teachers of the scope who completed an internship (role trainee,
-- attended) begun in the period, ÷ teachers of the scope in the period's school year. A teacher
-- counts in the district of the organization named with the enrolment, and once however many
-- internships. Direction filter: sites of that direction.
-- Rows: one per district plus the total (is_total = true).
WITH reached AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, count(DISTINCT p.teacher_id) AS n
  FROM participations p
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) so ON so.code = p.organization_code
  JOIN sites s ON s.code = p.site_code
  WHERE p.role = 'trainee' AND p.attended
    AND p.started_on BETWEEN $start::DATE AND $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY GROUPING SETS ((so.district_code), ())
)
SELECT t.district_code, t.is_total, coalesce(r.n, 0)::INTEGER AS numerator, t.n::INTEGER AS denominator
FROM scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
LEFT JOIN reached r ON r.is_total = t.is_total AND r.district_code IS NOT DISTINCT FROM t.district_code
