-- KPI reach_share: distinct teachers of the scope who completed an internship (role trainee,
-- attended) begun in the period, ÷ teachers of the scope in the period's school year. A teacher
-- counts in the district of the organization named with the enrolment, and once however many
-- internships. Direction filter: sites of that direction.
-- Rows: one per district plus the total (is_total = true). Each (district, teacher) is found once,
-- then counted: a district's count is its rows, the total counts teachers across districts.
WITH reached AS (
  SELECT DISTINCT so.district_code, p.teacher_id
  FROM participations p
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) so ON so.code = p.organization_code
  JOIN sites s ON s.code = p.site_code
  WHERE p.role = 'trainee' AND p.attended
    AND p.started_on BETWEEN $start::DATE AND $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
),
counted AS (
  SELECT district_code, false AS is_total, count(*) AS n FROM reached GROUP BY district_code
  UNION ALL
  SELECT NULL, true, count(DISTINCT teacher_id) FROM reached
)
SELECT t.district_code, t.is_total, coalesce(r.n, 0)::INTEGER AS numerator, t.n::INTEGER AS denominator
FROM scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
LEFT JOIN counted r ON r.is_total = t.is_total AND r.district_code IS NOT DISTINCT FROM t.district_code
