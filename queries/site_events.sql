-- A site's events, newest first, with enrolled trainees and how many attended.
SELECT e.code, e.title, e.held_on, e.format, e.mode, e.planned_participants, e.actual_participants,
       count(p.teacher_id) FILTER (WHERE p.role = 'trainee')::INTEGER AS enrolled
FROM events e
LEFT JOIN participations p ON p.event_code = e.code
WHERE e.site_code = $code
GROUP BY ALL
ORDER BY e.held_on DESC, e.code
