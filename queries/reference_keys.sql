-- Keys an upload's rows may refer to, with the name (districts, directions) or site (events)
-- a reference may also be checked against.
SELECT 'districts' AS ref, code, name AS extra FROM districts
UNION ALL SELECT 'directions', code, name FROM directions
UNION ALL SELECT 'organizations', code, NULL FROM organizations
UNION ALL SELECT 'sites', code, NULL FROM sites
UNION ALL SELECT 'events', code, site_code FROM events
UNION ALL SELECT 'resources', code, NULL FROM resources
