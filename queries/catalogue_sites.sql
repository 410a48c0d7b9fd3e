-- The public catalogue: sites whose status is in force on the catalogue's day, with their host
-- organization and their next events (or, when none is planned, the latest ones). Only what a
-- site publishes: no trainees, no figures. The day is data_today() (macros/7_data_today.sql). The host's
-- address and contacts are the organization's public ones (its head's name is not shown).
WITH day AS (
  SELECT data_today() AS as_of
),
nearest AS (
  SELECT e.site_code, e.title, e.held_on, e.format, e.mode, e.held_on >= day.as_of AS upcoming,
         row_number() OVER (PARTITION BY e.site_code, e.held_on >= day.as_of
                            ORDER BY CASE WHEN e.held_on >= day.as_of THEN e.held_on END, e.held_on DESC) AS n
  FROM events e, day
)
SELECT s.code, s.name, s.level, s.direction_code, dir.name AS direction_name,
       o.name AS host_name, o.short_name AS host_short_name, o.address, o.email, o.website, o.district_code, dis.name AS district_name,
       s.status_valid_until AS valid_until, day.as_of::VARCHAR AS as_of,
       coalesce((SELECT list({'title': n.title, 'held_on': n.held_on::VARCHAR, 'format': n.format, 'mode': n.mode, 'upcoming': n.upcoming}
                             ORDER BY n.n)
                 FROM nearest n WHERE n.site_code = s.code AND n.n <= 3
                   AND (n.upcoming OR NOT EXISTS (SELECT 1 FROM nearest u WHERE u.site_code = s.code AND u.upcoming))), []) AS events
FROM sites s
CROSS JOIN day
JOIN organizations o ON o.code = s.host_organization_code
JOIN directions dir ON dir.code = s.direction_code
JOIN districts dis ON dis.code = o.district_code
WHERE s.status_granted_on <= day.as_of AND s.status_valid_until >= day.as_of
  AND ($district::VARCHAR IS NULL OR o.district_code = $district)
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  AND ($level::VARCHAR IS NULL OR s.level = $level)
  AND ($q::VARCHAR IS NULL
       OR strpos(lower(concat_ws(' ', s.name, o.name, o.short_name, o.address, dis.name, dir.name)), lower($q)) > 0)
ORDER BY dis.name, s.name
