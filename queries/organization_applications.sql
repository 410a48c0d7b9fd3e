-- An organization's applications to the status competition, for its card.
SELECT a.year, dir.name AS direction_name, a.submitted_on, a.outcome
FROM competition_applications a
JOIN directions dir ON dir.code = a.direction_code
WHERE a.organization_code = $code
ORDER BY a.year, dir.name
