-- A site's yearly reports against their deadline (15 May unless the admin set another date).
SELECT r.year, d.deadline, r.submitted_on,
       CASE WHEN r.submitted_on IS NULL AND d.deadline >= current_date THEN 'pending'
            WHEN r.submitted_on IS NULL THEN 'missing'
            WHEN r.submitted_on <= d.deadline THEN 'on_time'
            ELSE 'late' END AS status,
       CASE WHEN r.submitted_on > d.deadline THEN date_diff('day', d.deadline, r.submitted_on) END::INTEGER AS days_late
FROM site_reports r, LATERAL (SELECT report_deadline(r.year) AS deadline) d
WHERE r.site_code = $code
ORDER BY r.year
