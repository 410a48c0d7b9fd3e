-- KPIs pilot_orgs and testing_orgs: distinct host organizations of the scope whose site holds
-- the pilot (resp. testing) flag and whose status was in force in the period: granted by its end
-- (by today while the period goes on: as_of), not expired before its start.
-- Counts, no denominator. Direction filter: sites of that direction.
WITH flagged AS (
  SELECT o.district_code, s.host_organization_code AS org, s.is_pilot, s.is_testing
  FROM sites s
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  JOIN organizations host ON host.code = s.host_organization_code
  WHERE s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start::DATE
    -- A host closed before the period began hosts nothing in it.
    AND (host.closed_on IS NULL OR host.closed_on > $start::DATE)
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
),
districts_in_scope AS (
  SELECT code AS district_code FROM districts
  WHERE $district::VARCHAR IS NULL OR code = $district
),
counted AS (
  SELECT district_code, grouping(district_code) = 1 AS is_total,
         count(DISTINCT org) FILTER (WHERE is_pilot) AS pilot,
         count(DISTINCT org) FILTER (WHERE is_testing) AS testing
  FROM flagged
  GROUP BY GROUPING SETS ((district_code), ())
)
-- Every district of the scope gets a row, with zeros where it has no flagged site.
SELECT d.district_code, false AS is_total,
       coalesce(c.pilot, 0)::INTEGER AS pilot, coalesce(c.testing, 0)::INTEGER AS testing
FROM districts_in_scope d
LEFT JOIN counted c ON NOT c.is_total AND c.district_code = d.district_code
UNION ALL
SELECT NULL, true, coalesce(max(pilot), 0)::INTEGER, coalesce(max(testing), 0)::INTEGER
FROM counted WHERE is_total
