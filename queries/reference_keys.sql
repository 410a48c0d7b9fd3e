-- Keys an upload's rows may refer to, with their names: districts and directions may also be
-- named in a file; the others' names tell the suggestions for a mistyped code apart («SP1»
-- (Площадка один)). Organizations, sites, events and resources bring the district they belong
-- to (suggestions for a mistyped code offer only the uploader's own). An organization's full name
-- (full_name) tells a name typed where its code belongs, as its short name does; its ИНН and КПП
-- tell an ИНН typed there.
SELECT 'districts' AS ref, code, name AS extra, NULL AS full_name, code AS district, NULL AS inn, NULL AS kpp FROM districts
UNION ALL SELECT 'directions', code, name, NULL, NULL, NULL, NULL FROM directions
UNION ALL SELECT 'organizations', code, short_name, name, district_code, inn, kpp FROM organizations
UNION ALL
SELECT 'sites', s.code, s.name, NULL, o.district_code, NULL, NULL FROM sites s LEFT JOIN organizations o ON o.code = s.host_organization_code
UNION ALL
SELECT 'events', e.code, e.title, NULL, o.district_code, NULL, NULL
FROM events e LEFT JOIN sites s ON s.code = e.site_code LEFT JOIN organizations o ON o.code = s.host_organization_code
UNION ALL
SELECT 'resources', r.code, r.title, NULL, o.district_code, NULL, NULL
FROM resources r LEFT JOIN sites s ON s.code = r.site_code LEFT JOIN organizations o ON o.code = s.host_organization_code
