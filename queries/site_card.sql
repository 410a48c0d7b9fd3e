-- One site with its host organization, district and direction, for the site card.
SELECT s.code, s.name, s.level, s.direction_code, dir.name AS direction_name,
       o.code AS host_code, o.name AS host_name, o.org_type AS host_type,
       o.district_code, dis.name AS district_name,
       s.status_granted_on, s.status_valid_until, s.is_pilot, s.is_testing
FROM sites s
JOIN organizations o ON o.code = s.host_organization_code
JOIN directions dir ON dir.code = s.direction_code
JOIN districts dis ON dis.code = o.district_code
WHERE s.code = $code
