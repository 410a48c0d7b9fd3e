-- «Кто за этой цифрой» of KPI competition_share: every organization of the scope, whether it
-- applied to the status competition up to the period's school year (numerator 1 or 0, of 1),
-- and the years it applied in. The rules are kpi_competition_share.sql's.
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       (count(a.year) > 0)::INTEGER AS numerator, 1 AS denominator,
       string_agg(DISTINCT a.year::VARCHAR, ', ' ORDER BY a.year::VARCHAR) AS note
FROM open_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) so
JOIN organizations o ON o.code = so.code
LEFT JOIN competition_applications a ON a.organization_code = so.code AND a.year <= $school_year
  AND ($direction::VARCHAR IS NULL OR a.direction_code = $direction)
GROUP BY ALL
