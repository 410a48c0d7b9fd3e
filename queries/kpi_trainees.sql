-- KPIs over the distinct trainees of the scope enrolled (role trainee) in an internship begun in
-- the period, one pass over the enrolments for all three:
--   reach_share, reached ÷ teachers: those who completed one (attended) ÷ teachers of the scope
--     in the period's school year (sum of headcounts), both of organizations whose headcount of
--     that year is known (counted_organizations);
--   completion_rate, certified ÷ trainees: those with a certificate from at least one enrolment;
--   cross_school_share, cross_school ÷ trainees: those enrolled at least once at a site another
--     organization hosts.
-- A trainee counts in the district of the organization named with the enrolment, and once.
-- Direction filter: sites of that direction.
-- Rows: one per district of the scope plus the total (is_total = true); teachers is NULL for a
-- district without a headcount. A district's counts are its (district, teacher) rows; the total
-- merges a teacher's rows across districts first.
WITH trainees AS (
  SELECT e.district_code, teacher_id,
         bool_or(attended AND counted.code IS NOT NULL) AS reached,
         bool_or(certificate_issued) AS certified,
         bool_or(host_organization_code <> organization_code) AS cross_school
  FROM scope_enrolments($start::DATE, $end::DATE, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR) e
  LEFT JOIN counted_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) counted ON counted.code = e.organization_code
  GROUP BY e.district_code, teacher_id
),
counted AS (
  SELECT district_code, false AS is_total,
         count(*) FILTER (WHERE reached) AS reached, count(*) FILTER (WHERE certified) AS certified,
         count(*) FILTER (WHERE cross_school) AS cross_school, count(*) AS trainees
  FROM trainees GROUP BY district_code
  UNION ALL
  SELECT NULL, true, count(*) FILTER (WHERE reached), count(*) FILTER (WHERE certified),
         count(*) FILTER (WHERE cross_school), count(*)
  FROM (SELECT teacher_id, bool_or(reached) AS reached, bool_or(certified) AS certified, bool_or(cross_school) AS cross_school
        FROM trainees GROUP BY teacher_id)
)
SELECT d.district_code, d.is_total,
       coalesce(c.reached, 0)::INTEGER AS reached, t.n::INTEGER AS teachers,
       coalesce(c.certified, 0)::INTEGER AS certified, coalesce(c.cross_school, 0)::INTEGER AS cross_school,
       coalesce(c.trainees, 0)::INTEGER AS trainees
FROM scope_districts($district::VARCHAR, $org_type::VARCHAR) d
LEFT JOIN scope_teachers($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) t
  ON t.is_total = d.is_total AND t.district_code IS NOT DISTINCT FROM d.district_code
LEFT JOIN counted c ON c.is_total = d.is_total AND c.district_code IS NOT DISTINCT FROM d.district_code
