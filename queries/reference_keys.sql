-- Keys an upload's rows may refer to, with what a reference is also checked against:
-- the name (districts, directions), the district (organizations, sites: the host's) or the
-- site (events, resources).
SELECT 'districts' AS ref, code, name AS extra FROM districts
UNION ALL SELECT 'directions', code, name FROM directions
UNION ALL SELECT 'organizations', code, district_code FROM organizations
UNION ALL SELECT 'sites', s.code, o.district_code FROM sites s LEFT JOIN organizations o ON o.code = s.host_organization_code
UNION ALL SELECT 'events', code, site_code FROM events
UNION ALL SELECT 'resources', code, site_code FROM resources
