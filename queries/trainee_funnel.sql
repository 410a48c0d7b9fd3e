-- Trainee funnel: trainee enrolments (role = trainee) starting in the period, counted at each
-- stage: enrolled → attended → filed a report (analytic or mini) → got a certificate.
-- District and type filters apply to the trainee's organization, direction to the site.
SELECT count(*)::INTEGER AS enrolled,
       count(*) FILTER (WHERE attended)::INTEGER AS attended,
       count(*) FILTER (WHERE attended AND report_type <> 'none')::INTEGER AS reported,
       count(*) FILTER (WHERE attended AND report_type = 'analytic')::INTEGER AS analytic_reports,
       count(*) FILTER (WHERE attended AND certificate_issued)::INTEGER AS certified,
       count(DISTINCT teacher_id)::INTEGER AS distinct_teachers
FROM scope_enrolments($start::DATE, $end::DATE, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR)
