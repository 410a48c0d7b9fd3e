-- The dated items of school year Y/Y+1 ($school_year = Y): the stages of the status competition
-- of year Y, where the admin set them, and the site report deadline of year Y+1 (15 May unless
-- set). configured: the date is the admin's, not the default; today: the server's date, which
-- every day count of the «Сроки» panel is from.
SELECT kind, year, due_on, configured, date_diff('day', current_date, due_on)::INTEGER AS days_from_today, current_date AS today
FROM (
  SELECT k.position, k.kind, k.year, d.due_on IS NOT NULL AS configured,
         CASE WHEN k.kind = 'site_report' THEN report_deadline(k.year) ELSE d.due_on END AS due_on
  FROM (VALUES (1, 'applications_open', $school_year::INTEGER), (2, 'applications_close', $school_year::INTEGER),
               (3, 'expert_review', $school_year::INTEGER), (4, 'result_order', $school_year::INTEGER),
               (5, 'site_report', $school_year::INTEGER + 1)) k(position, kind, year)
  LEFT JOIN deadlines d ON d.kind = k.kind AND d.year = k.year
)
ORDER BY position
