-- Dates from today on: every stage the admin set, and the next site report deadline (this
-- year's if it has not passed, else next year's; 15 May unless set). Nearest first.
SELECT kind, year, due_on, true AS configured, date_diff('day', current_date, due_on)::INTEGER AS days_from_today
FROM deadlines WHERE due_on >= current_date AND kind <> 'site_report'
UNION ALL
SELECT 'site_report', y, report_deadline(y), y IN (SELECT year FROM deadlines WHERE kind = 'site_report'),
       date_diff('day', current_date, report_deadline(y))::INTEGER
FROM (SELECT CASE WHEN report_deadline(year(current_date)) >= current_date THEN year(current_date) ELSE year(current_date) + 1 END AS y)
ORDER BY due_on, kind
LIMIT 8
