-- Events per site by event format and site level: events held in the period at sites of the
-- scope, by the format of the event and the level of the site that held it, beside the sites of
-- that level whose status was in force on some day of the period. Summed over formats and levels
-- these are the numerator and denominator of the KPI events_per_site (kpi_events.sql). District
-- and type filters apply to the site's host organization, direction to the site.
-- Rows: one per level with sites or events and format (NULL format: a level with sites but no event).
WITH scoped_sites AS (
  SELECT s.code, s.level, s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start::DATE AS in_force
  FROM sites s
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  WHERE $direction::VARCHAR IS NULL OR s.direction_code = $direction
),
level_sites AS (
  SELECT level, count(*) FILTER (WHERE in_force)::INTEGER AS sites FROM scoped_sites GROUP BY level
),
level_events AS (
  SELECT s.level, e.format, count(*)::INTEGER AS events
  FROM events e
  JOIN scoped_sites s ON s.code = e.site_code
  -- Held: up to today while the period goes on (as_of); an event planned later in it is not yet.
  WHERE e.held_on BETWEEN $start::DATE AND $as_of::DATE
  GROUP BY ALL
)
SELECT l.level, e.format, coalesce(e.events, 0) AS events, l.sites
FROM level_sites l
LEFT JOIN level_events e ON e.level = l.level
WHERE l.sites > 0 OR e.events > 0
ORDER BY l.level, e.format NULLS FIRST
