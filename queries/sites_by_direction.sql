-- Sites by direction and level: sites whose status is valid at some point of the period
-- (granted by its end, valid until at least its start). Filters apply to the host organization.
SELECT s.direction_code, dir.name AS direction_name, s.level, count(*)::INTEGER AS sites
FROM sites s
JOIN organizations o ON o.code = s.host_organization_code
JOIN directions dir ON dir.code = s.direction_code
WHERE s.status_granted_on <= $end::DATE
  AND s.status_valid_until >= $start::DATE
  AND ($district::VARCHAR IS NULL OR o.district_code = $district)
  AND ($org_type::VARCHAR IS NULL OR o.org_type = $org_type)
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
GROUP BY ALL
ORDER BY direction_name, s.level
