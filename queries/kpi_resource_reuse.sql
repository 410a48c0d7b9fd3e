-- KPI resource_reuse: site resources published by the end of the period that a teacher of an
-- organization other than the host's and the authors' used by then, ÷ all those resources.
-- District and type filters apply to the site's host organization, direction to the site.
-- A resource counts when its first reuse (macro first_reuse) is by the end of the period.
-- Rows: one per district of the scope plus the total (is_total = true).
WITH counted AS (
  SELECT o.district_code, grouping(o.district_code) = 1 AS is_total,
         count(*) FILTER (WHERE f.first_on <= $end::DATE) AS reused, count(*) AS resources
  FROM resources r
  JOIN sites s ON s.code = r.site_code
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  LEFT JOIN first_reuse() f ON f.resource_code = r.code
  WHERE r.published_on <= $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY GROUPING SETS ((o.district_code), ())
)
SELECT d.district_code, d.is_total, coalesce(c.reused, 0)::INTEGER AS numerator, coalesce(c.resources, 0)::INTEGER AS denominator
FROM scope_districts($district::VARCHAR, $org_type::VARCHAR) d
LEFT JOIN counted c ON c.is_total = d.is_total AND c.district_code IS NOT DISTINCT FROM d.district_code
