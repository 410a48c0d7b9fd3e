-- A site's yearly reports against the 15 May deadline.
SELECT r.year, make_date(r.year, 5, 15) AS deadline, r.submitted_on,
       CASE WHEN r.submitted_on IS NULL AND make_date(r.year, 5, 15) >= current_date THEN 'pending'
            WHEN r.submitted_on IS NULL THEN 'missing'
            WHEN r.submitted_on <= make_date(r.year, 5, 15) THEN 'on_time'
            ELSE 'late' END AS status,
       CASE WHEN r.submitted_on > make_date(r.year, 5, 15)
            THEN date_diff('day', make_date(r.year, 5, 15), r.submitted_on) END::INTEGER AS days_late
FROM site_reports r
WHERE r.site_code = $code
ORDER BY r.year
