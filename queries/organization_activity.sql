-- What an organization's teachers did at the sites, per school year (September–August), as counts
-- only: trainees it sent (distinct teachers, those who completed, those with a certificate, those
-- trained at another organization's site), authors of resources published, and teachers who used
-- resources with the resources they used. Each teacher counts once a school year and column.
WITH dated AS (
  SELECT school_year_of(p.started_on) AS school_year,
         'trainee' AS kind, p.teacher_id, p.attended, p.certificate_issued, s.host_organization_code <> p.organization_code AS elsewhere,
         NULL AS resource_code
  FROM participations p JOIN sites s ON s.code = p.site_code
  WHERE p.organization_code = $code AND p.role = 'trainee'
  UNION ALL
  SELECT school_year_of(r.published_on),
         'author', ra.teacher_id, NULL, NULL, NULL, ra.resource_code
  FROM resource_authors ra JOIN resources r ON r.code = ra.resource_code
  WHERE ra.organization_code = $code
  UNION ALL
  SELECT school_year_of(ru.used_on),
         'user', ru.teacher_id, NULL, NULL, NULL, ru.resource_code
  FROM resource_uses ru
  WHERE ru.organization_code = $code
)
SELECT school_year,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'trainee')::INTEGER AS trainees,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'trainee' AND attended)::INTEGER AS completed,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'trainee' AND certificate_issued)::INTEGER AS certified,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'trainee' AND elsewhere)::INTEGER AS trained_elsewhere,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'author')::INTEGER AS authors,
       count(DISTINCT resource_code) FILTER (WHERE kind = 'author')::INTEGER AS resources_authored,
       count(DISTINCT teacher_id) FILTER (WHERE kind = 'user')::INTEGER AS users,
       count(DISTINCT resource_code) FILTER (WHERE kind = 'user')::INTEGER AS resources_used
FROM dated
GROUP BY school_year
ORDER BY school_year
