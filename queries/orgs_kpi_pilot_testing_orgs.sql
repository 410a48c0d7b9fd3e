-- «Кто за этой цифрой» of KPIs pilot_orgs and testing_orgs: every host organization of the scope
-- whose site's status was in force in the period, whether one of its sites holds the
-- pilot (resp. testing) flag (1 or 0), and its sites. The rules are kpi_pilot_testing_orgs.sql's.
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       bool_or(s.is_pilot)::INTEGER AS pilot, bool_or(s.is_testing)::INTEGER AS testing,
       string_agg(s.name, '; ' ORDER BY s.name) AS note
FROM sites s
JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) so ON so.code = s.host_organization_code
JOIN organizations o ON o.code = so.code
WHERE s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start::DATE
  AND (o.closed_on IS NULL OR o.closed_on > $start::DATE)
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
GROUP BY ALL
