-- «Кто за этой цифрой» of KPI authors_share: every organization of the scope with its distinct
-- authors of site resources published up to the end of the period (numerator) and its teachers
-- in the period's school year (denominator; NULL without a headcount). The rules are
-- kpi_authors_share.sql's; a teacher named with two organizations counts in each.
WITH authors AS (
  SELECT organization_code AS code, count(DISTINCT teacher_id) AS n
  FROM authorships_in(NULL, $end::DATE, $direction::VARCHAR)
  GROUP BY organization_code
)
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       coalesce(a.n, 0)::INTEGER AS numerator, h.teachers::INTEGER AS denominator,
       -- Its authors wait for its headcount, as the KPI counts them (counted_organizations).
       CASE WHEN h.teachers IS NULL AND a.n > 0 THEN 'численность педагогов за учебный год не получена: в итог не входит' END AS note
FROM scope_organizations($district::VARCHAR, $org_type::VARCHAR) so
JOIN organizations o ON o.code = so.code
LEFT JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = $school_year
LEFT JOIN authors a ON a.code = so.code
