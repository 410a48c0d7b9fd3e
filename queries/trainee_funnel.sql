-- Trainee funnel: trainee enrolments (role = trainee) starting in the period, counted at each
-- stage: enrolled → attended → filed a report (analytic or mini) → got a certificate.
-- District and type filters apply to the trainee's organization, direction to the site.
SELECT count(*)::INTEGER AS enrolled,
       count(*) FILTER (WHERE p.attended)::INTEGER AS attended,
       count(*) FILTER (WHERE p.attended AND p.report_type <> 'none')::INTEGER AS reported,
       count(*) FILTER (WHERE p.attended AND p.report_type = 'analytic')::INTEGER AS analytic_reports,
       count(*) FILTER (WHERE p.attended AND p.certificate_issued)::INTEGER AS certified,
       count(DISTINCT p.teacher_id)::INTEGER AS distinct_teachers
FROM participations p
JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = p.organization_code
JOIN sites s ON s.code = p.site_code
WHERE p.role = 'trainee'
  AND p.started_on BETWEEN $start::DATE AND $end::DATE
  AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
