-- A site's resources, newest first, with distinct authors and distinct users.
SELECT r.code, r.title, r.kind, r.published_on,
       (SELECT count(DISTINCT teacher_id) FROM resource_authors a WHERE a.resource_code = r.code)::INTEGER AS authors,
       (SELECT count(DISTINCT teacher_id) FROM resource_uses u WHERE u.resource_code = r.code)::INTEGER AS users
FROM resources r
WHERE r.site_code = $code
ORDER BY r.published_on DESC, r.code
