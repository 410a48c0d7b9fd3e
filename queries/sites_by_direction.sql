-- Sites by direction and level: sites whose status is valid at some point of the period
-- (granted by its end, valid until at least its start). Filters apply to the host organization.
SELECT s.direction_code, dir.name AS direction_name, s.level, count(*)::INTEGER AS sites
FROM sites s
JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
JOIN directions dir ON dir.code = s.direction_code
WHERE s.status_granted_on <= $as_of::DATE
  AND s.status_valid_until >= $start::DATE
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
GROUP BY ALL
ORDER BY direction_name, s.level
