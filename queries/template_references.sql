-- Reference lists of an upload template's «Справочники» sheet: code and name of every district,
-- direction, organization, site, event and resource, for the lists in $refs (comma-separated).
-- The lists in $scoped are cut to the districts in $districts (comma-separated; NULL: all):
-- organizations by their own district, sites by their host's, events and resources by their
-- site's. site_code: an event's or resource's site, held_on an event's day, to pick a consistent
-- example row.
WITH refs AS (
  SELECT 'districts' AS ref, code, name, code AS district_code, NULL AS site_code, NULL::DATE AS held_on FROM districts
  UNION ALL
  SELECT 'directions', code, name, NULL, NULL, NULL FROM directions
  UNION ALL
  SELECT 'organizations', code, coalesce(nullif(trim(short_name), ''), name), district_code, NULL, NULL FROM organizations
  UNION ALL
  SELECT 'sites', s.code, s.name, o.district_code, NULL, NULL
  FROM sites s JOIN organizations o ON o.code = s.host_organization_code
  UNION ALL
  SELECT 'events', e.code, e.title || ' (' || strftime(e.held_on, '%d.%m.%Y') || ')', o.district_code, e.site_code, e.held_on
  FROM events e JOIN sites s ON s.code = e.site_code JOIN organizations o ON o.code = s.host_organization_code
  UNION ALL
  SELECT 'resources', r.code, r.title, o.district_code, r.site_code, NULL
  FROM resources r JOIN sites s ON s.code = r.site_code JOIN organizations o ON o.code = s.host_organization_code
)
SELECT ref, code, name, site_code, held_on
FROM refs
WHERE list_contains(string_split($refs, ','), ref)
  AND ($districts::VARCHAR IS NULL
       OR NOT list_contains(string_split($scoped, ','), ref)
       OR list_contains(string_split($districts, ','), district_code))
ORDER BY ref, code
