-- Sites for the sites page: searchable by site name or code, host organization or district;
-- filterable by district and direction. Counts cover the site's whole history. `expired`: the
-- status ended before the day of the data (macros/7_data_today.sql), as the catalogue counts;
-- `pending`: granted from a day after it (a competition's winners named ahead of their status).
SELECT s.code, s.name, s.level, s.direction_code, dir.name AS direction_name,
       o.code AS host_code, o.short_name AS host_name, o.district_code, dis.name AS district_name,
       s.status_granted_on, s.status_valid_until, s.status_valid_until < data_today() AS expired,
       s.status_granted_on > data_today() AS pending, s.is_pilot, s.is_testing,
       (SELECT count(*) FROM events e WHERE e.site_code = s.code)::INTEGER AS events,
       (SELECT count(*) FROM participations p WHERE p.site_code = s.code AND p.role = 'trainee')::INTEGER AS trainees,
       (SELECT count(*) FROM resources r WHERE r.site_code = s.code)::INTEGER AS resources
FROM sites s
JOIN organizations o ON o.code = s.host_organization_code
JOIN directions dir ON dir.code = s.direction_code
JOIN districts dis ON dis.code = o.district_code
WHERE ($district::VARCHAR IS NULL OR o.district_code = $district)
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  AND ($q::VARCHAR IS NULL
       OR strpos(lower(s.name || ' ' || s.code || ' ' || o.name || ' ' || o.short_name || ' ' || dis.name), lower($q)) > 0)
ORDER BY dis.name, s.name
