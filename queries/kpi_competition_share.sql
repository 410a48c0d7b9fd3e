-- KPI competition_share: organizations of the scope that applied to the status competition at
-- least once, in competitions up to the period's school year (cumulative), ÷ all organizations
-- of the scope that existed in that school year (open_organizations). Direction filter:
-- applications in that direction.
-- Rows: one per district plus the total (is_total = true).
WITH scope AS (
  SELECT * FROM open_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER)
),
orgs AS (
  SELECT district_code, grouping(district_code) = 1 AS is_total, count(*) AS n
  FROM scope
  GROUP BY GROUPING SETS ((district_code), ())
),
applicants AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, count(DISTINCT a.organization_code) AS n
  FROM competition_applications a
  JOIN scope so ON so.code = a.organization_code
  WHERE a.year <= $school_year
    AND ($direction::VARCHAR IS NULL OR a.direction_code = $direction)
  GROUP BY GROUPING SETS ((so.district_code), ())
)
SELECT o.district_code, o.is_total, coalesce(a.n, 0)::INTEGER AS numerator, o.n::INTEGER AS denominator
FROM orgs o
LEFT JOIN applicants a ON a.is_total = o.is_total AND a.district_code IS NOT DISTINCT FROM o.district_code
