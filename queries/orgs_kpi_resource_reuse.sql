-- «Кто за этой цифрой» of KPI resource_reuse: every host organization of the scope whose sites
-- published resources by the end of the period, with those resources (denominator) and those
-- another organization used by then (numerator). The rules are kpi_resource_reuse.sql's.
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       count(*) FILTER (WHERE f.first_on <= $end::DATE)::INTEGER AS numerator, count(*)::INTEGER AS denominator,
       NULL::VARCHAR AS note
FROM resources r
JOIN sites s ON s.code = r.site_code
JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) so ON so.code = s.host_organization_code
JOIN organizations o ON o.code = so.code
LEFT JOIN first_reuse() f ON f.resource_code = r.code
WHERE r.published_on <= $end::DATE
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
GROUP BY ALL
