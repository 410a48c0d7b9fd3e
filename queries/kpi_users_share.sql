-- KPI users_share: distinct teachers of the scope who used at least one site resource up to the
-- end of the period (cumulative), ÷ teachers of the scope in the period's school year; only
-- teachers of organizations whose headcount of that year is known count (counted_organizations).
-- A teacher counts in the district of the organization named with the use.
-- Direction filter: resources of sites of that direction.
-- Rows: one per district plus the total (is_total = true). Each (district, teacher) is found once,
-- then counted (one distinct pass instead of one per grouping set).
WITH users AS (
  SELECT DISTINCT so.district_code, ru.teacher_id
  FROM resource_uses_in(NULL, $end::DATE, $direction::VARCHAR) ru
  JOIN counted_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) so ON so.code = ru.organization_code
),
counted AS (
  SELECT district_code, false AS is_total, count(*) AS n FROM users GROUP BY district_code
  UNION ALL
  SELECT NULL, true, count(DISTINCT teacher_id) FROM users
)
SELECT t.district_code, t.is_total, coalesce(u.n, 0)::INTEGER AS numerator, t.n::INTEGER AS denominator
FROM scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
LEFT JOIN counted u ON u.is_total = t.is_total AND u.district_code IS NOT DISTINCT FROM t.district_code
