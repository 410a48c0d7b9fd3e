-- KPI org_engagement: organizations of the scope with at least one trainee enrolled in the
-- period, one author of a resource published in the period, or one teacher who used a resource
-- in the period, ÷ all organizations of the scope. Each organization counts once.
-- Direction filter: enrolments and resources at sites of that direction.
-- Rows: one per district of the scope plus the total (is_total = true).
WITH engaged AS (
  SELECT p.organization_code AS code
  FROM participations p JOIN sites s ON s.code = p.site_code
  WHERE p.role = 'trainee' AND p.started_on BETWEEN $start::DATE AND $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  UNION
  SELECT ra.organization_code
  FROM resource_authors ra JOIN resources r ON r.code = ra.resource_code JOIN sites s ON s.code = r.site_code
  WHERE r.published_on BETWEEN $start::DATE AND $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  UNION
  SELECT ru.organization_code
  FROM resource_uses ru JOIN resources r ON r.code = ru.resource_code JOIN sites s ON s.code = r.site_code
  WHERE ru.used_on BETWEEN $start::DATE AND $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
)
SELECT so.district_code, grouping(so.district_code) = 1 AS is_total,
       count(e.code)::INTEGER AS numerator, count(*)::INTEGER AS denominator
FROM scope_organizations($district::VARCHAR, $org_type::VARCHAR) so
LEFT JOIN engaged e ON e.code = so.code
GROUP BY GROUPING SETS ((so.district_code), ())
