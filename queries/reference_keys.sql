-- Keys an upload's rows may refer to. Districts and directions may also be named, so their
-- names come along; organizations, sites, events and resources bring the district they belong
-- to (suggestions for a mistyped code offer only the uploader's own).
SELECT 'districts' AS ref, code, name AS extra, code AS district FROM districts
UNION ALL SELECT 'directions', code, name, NULL FROM directions
UNION ALL SELECT 'organizations', code, NULL, district_code FROM organizations
UNION ALL
SELECT 'sites', s.code, NULL, o.district_code FROM sites s LEFT JOIN organizations o ON o.code = s.host_organization_code
UNION ALL
SELECT 'events', e.code, NULL, o.district_code
FROM events e LEFT JOIN sites s ON s.code = e.site_code LEFT JOIN organizations o ON o.code = s.host_organization_code
UNION ALL
SELECT 'resources', r.code, NULL, o.district_code
FROM resources r LEFT JOIN sites s ON s.code = r.site_code LEFT JOIN organizations o ON o.code = s.host_organization_code
