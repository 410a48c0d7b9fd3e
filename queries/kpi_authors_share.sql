-- KPI authors_share: distinct teachers of the scope who authored at least one site resource
-- published up to the end of the period (cumulative), ÷ teachers of the scope in the period's
-- school year (sum of headcounts); only teachers of organizations whose headcount of that year is
-- known count (counted_organizations). A teacher counts in the district of the organization named
-- with the authorship. Direction filter: resources of sites of that direction.
-- Rows: one per district plus the total (is_total = true).
WITH authors AS (
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, count(DISTINCT ra.teacher_id) AS n
  FROM authorships_in(NULL, $end::DATE, $direction::VARCHAR) ra
  JOIN counted_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) so ON so.code = ra.organization_code
  GROUP BY GROUPING SETS ((so.district_code), ())
)
SELECT t.district_code, t.is_total, coalesce(a.n, 0)::INTEGER AS numerator, t.n::INTEGER AS denominator
FROM scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
LEFT JOIN authors a ON a.is_total = t.is_total AND a.district_code IS NOT DISTINCT FROM t.district_code
