-- KPI users_share: distinct teachers of the scope who used at least one site resource up to the
-- end of the period (cumulative), ÷ teachers of the scope in the period's school year.
-- A teacher counts in the district of the organization named with the use.
-- Direction filter: resources of sites of that direction.
-- Rows: one per district plus the total (is_total = true).
WITH users AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, count(DISTINCT ru.teacher_id) AS n
  FROM resource_uses ru
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) so ON so.code = ru.organization_code
  JOIN resources r ON r.code = ru.resource_code
  JOIN sites s ON s.code = r.site_code
  WHERE ru.used_on <= $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY GROUPING SETS ((so.district_code), ())
)
SELECT t.district_code, t.is_total, coalesce(u.n, 0)::INTEGER AS numerator, t.n::INTEGER AS denominator
FROM scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
LEFT JOIN users u ON u.is_total = t.is_total AND u.district_code IS NOT DISTINCT FROM t.district_code
