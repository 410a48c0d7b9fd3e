-- KPI resource_reuse: site resources published by the end of the period that a teacher of an
-- organization other than the host's and the authors' used by then, ÷ all those resources.
-- District and type filters apply to the site's host organization, direction to the site.
-- Rows: one per district of the scope plus the total (is_total = true).
WITH published AS (
  SELECT o.district_code, r.code,
         EXISTS (
           SELECT 1 FROM resource_uses ru
           WHERE ru.resource_code = r.code AND ru.used_on <= $end::DATE
             AND ru.organization_code <> s.host_organization_code
             AND ru.organization_code NOT IN (SELECT ra.organization_code FROM resource_authors ra WHERE ra.resource_code = r.code)
         ) AS reused
  FROM resources r
  JOIN sites s ON s.code = r.site_code
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  WHERE r.published_on <= $end::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
),
counted AS (
  SELECT district_code, grouping(district_code) = 1 AS is_total,
         count(*) FILTER (WHERE reused) AS reused, count(*) AS resources
  FROM published
  GROUP BY GROUPING SETS ((district_code), ())
)
SELECT d.district_code, d.is_total, coalesce(c.reused, 0)::INTEGER AS numerator, coalesce(c.resources, 0)::INTEGER AS denominator
FROM scope_districts($district::VARCHAR, $org_type::VARCHAR) d
LEFT JOIN counted c ON c.is_total = d.is_total AND c.district_code IS NOT DISTINCT FROM d.district_code
