-- Keys an upload's rows may refer to; districts and directions may also be named, so their
-- names come along.
SELECT 'districts' AS ref, code, name AS extra FROM districts
UNION ALL SELECT 'directions', code, name FROM directions
UNION ALL SELECT 'organizations', code, NULL FROM organizations
UNION ALL SELECT 'sites', code, NULL FROM sites
UNION ALL SELECT 'events', code, NULL FROM events
UNION ALL SELECT 'resources', code, NULL FROM resources
