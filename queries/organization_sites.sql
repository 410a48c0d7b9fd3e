-- The sites an organization hosts, for its card.
SELECT s.code, s.name, dir.name AS direction_name, s.level, s.status_granted_on, s.status_valid_until, s.is_pilot, s.is_testing
FROM sites s
JOIN directions dir ON dir.code = s.direction_code
WHERE s.host_organization_code = $code
ORDER BY s.status_granted_on, s.name
