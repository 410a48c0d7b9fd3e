-- «Кто за этой цифрой» of KPI report_timeliness: every host organization of the scope whose site
-- owes the yearly report of the period's school year, with those reports whose deadline has
-- passed (denominator), those submitted on time (numerator), and the others in words. The rules
-- are site_reports_timeliness.sql's.
SELECT d.host_code AS code, o.name, o.short_name, d.district_code, o.org_type,
       count(*) FILTER (WHERE d.submitted_on <= d.deadline)::INTEGER AS on_time,
       count(*) FILTER (WHERE d.deadline < current_date)::INTEGER AS past_deadline,
       nullif(concat_ws(', ',
         CASE WHEN count(*) FILTER (WHERE d.submitted_on > d.deadline) > 0
           THEN 'с опозданием: ' || count(*) FILTER (WHERE d.submitted_on > d.deadline) END,
         CASE WHEN count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline < current_date) > 0
           THEN 'не сдано: ' || count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline < current_date) END,
         CASE WHEN count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline >= current_date) > 0
           THEN 'срок не наступил: ' || count(*) FILTER (WHERE d.submitted_on IS NULL AND d.deadline >= current_date) END), '') AS note
FROM reports_due($school_year + 1, $district::VARCHAR, $org_type::VARCHAR, $direction::VARCHAR) d
JOIN organizations o ON o.code = d.host_code
GROUP BY ALL
