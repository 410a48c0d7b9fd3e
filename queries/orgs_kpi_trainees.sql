-- «Кто за этой цифрой» of the trainee KPIs (reach_share, completion_rate, cross_school_share):
-- every organization of the scope with its distinct trainees of internships begun in the period,
-- those of them who completed one, got a certificate, trained at a site another organization
-- hosts, and its teachers in the period's school year (NULL without a headcount). The rules are
-- kpi_trainees.sql's; a teacher named with two organizations counts in each.
WITH trainees AS (
  SELECT organization_code AS code, teacher_id,
         bool_or(attended) AS reached,
         bool_or(certificate_issued) AS certified,
         bool_or(host_organization_code <> organization_code) AS cross_school
  FROM scope_enrolments($start::DATE, $end::DATE, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR)
  GROUP BY organization_code, teacher_id
),
counted AS (
  SELECT code, count(*) FILTER (WHERE reached) AS reached, count(*) FILTER (WHERE certified) AS certified,
         count(*) FILTER (WHERE cross_school) AS cross_school, count(*) AS trainees
  FROM trainees GROUP BY code
)
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       coalesce(c.reached, 0)::INTEGER AS reached, h.teachers::INTEGER AS teachers,
       coalesce(c.certified, 0)::INTEGER AS certified, coalesce(c.cross_school, 0)::INTEGER AS cross_school,
       coalesce(c.trainees, 0)::INTEGER AS trainees,
       -- Those who completed an internship wait for its headcount in reach_share (counted_organizations).
       CASE WHEN h.teachers IS NULL AND c.reached > 0 THEN 'численность педагогов за учебный год не получена: в итог не входит' END AS note
FROM scope_organizations($district::VARCHAR, $org_type::VARCHAR) so
JOIN organizations o ON o.code = so.code
LEFT JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = $school_year
LEFT JOIN counted c ON c.code = so.code
