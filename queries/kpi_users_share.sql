-- KPI users_share: distinct teachers of the scope who used at least one site resource up to the
-- end of the period (cumulative), ÷ teachers of the scope in the period's school year.
-- A teacher counts in the district of the organization named with the use.
-- Direction filter: resources of sites of that direction.
WITH scope_orgs AS (
  SELECT o.code, o.district_code
  FROM organizations o
  WHERE ($district::VARCHAR IS NULL OR o.district_code = $district)
    AND ($org_type::VARCHAR IS NULL OR o.org_type = $org_type)
),
teachers AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, sum(h.teachers) AS n
  FROM scope_orgs so
  JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = $school_year
  GROUP BY GROUPING SETS ((so.district_code), ())
),
users AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, count(DISTINCT ru.teacher_id) AS n
  FROM resource_uses ru
  JOIN scope_orgs so ON so.code = ru.organization_code
  JOIN resources r ON r.code = ru.resource_code
  JOIN sites s ON s.code = r.site_code
  WHERE ru.used_on <= $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY GROUPING SETS ((so.district_code), ())
)
SELECT t.district_code, t.is_total,
       coalesce(u.n, 0)::INTEGER AS numerator,
       t.n::INTEGER AS denominator
FROM teachers t
LEFT JOIN users u ON u.is_total = t.is_total AND u.district_code IS NOT DISTINCT FROM t.district_code
