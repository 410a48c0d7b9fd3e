-- Events by half-year, format and mode: events held in the period at sites of the scope
-- (filters apply to the site and its host organization), with planned and actual participants.
-- An event whose actual count was never given is counted apart (unreported), not as nobody
-- having come: actual sums the events that gave one, NULL when none did.
SELECT year(e.held_on) || '-H' || CASE WHEN month(e.held_on) <= 6 THEN '1' ELSE '2' END AS half_year,
       e.format, e.mode,
       count(*)::INTEGER AS events,
       sum(e.planned_participants)::INTEGER AS planned,
       sum(e.actual_participants)::INTEGER AS actual,
       count(*) FILTER (WHERE e.actual_participants IS NULL)::INTEGER AS unreported
FROM events e
JOIN sites s ON s.code = e.site_code
JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
-- Held: up to today while the period goes on (as_of), as the events per site count them.
WHERE e.held_on BETWEEN $start::DATE AND $as_of::DATE
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
GROUP BY ALL
ORDER BY half_year, e.format, e.mode
