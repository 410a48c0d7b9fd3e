-- A site's trainees per school year (September–August): enrolments at each funnel stage and
-- distinct teachers, and how many came from other organizations than the host.
SELECT school_year_of(p.started_on) AS school_year,
       count(*)::INTEGER AS enrolled,
       count(*) FILTER (WHERE p.attended)::INTEGER AS attended,
       count(*) FILTER (WHERE p.attended AND p.report_type <> 'none')::INTEGER AS reported,
       count(*) FILTER (WHERE p.attended AND p.certificate_issued)::INTEGER AS certified,
       count(DISTINCT p.teacher_id)::INTEGER AS distinct_teachers,
       count(DISTINCT p.teacher_id) FILTER (WHERE p.organization_code <> s.host_organization_code)::INTEGER AS from_other_orgs
FROM participations p
JOIN sites s ON s.code = p.site_code
WHERE p.site_code = $code AND p.role = 'trainee'
GROUP BY ALL
ORDER BY school_year
