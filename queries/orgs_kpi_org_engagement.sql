-- «Кто за этой цифрой» of KPI org_engagement: every organization of the scope, whether it took
-- part in the sites' work in the period (numerator 1 or 0, of 1), and how. The rules are
-- kpi_org_engagement.sql's.
WITH kinds AS (
  SELECT code, list_sort(list_distinct(list(kind))) AS kinds
  FROM engagements($start::DATE, $end::DATE, $direction::VARCHAR)
  GROUP BY code
)
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       (k.code IS NOT NULL)::INTEGER AS numerator, 1 AS denominator,
       nullif(concat_ws(', ',
         CASE WHEN list_contains(k.kinds, 'trainee') THEN 'направляла стажёров' END,
         CASE WHEN list_contains(k.kinds, 'author') THEN 'педагоги — авторы ресурсов' END,
         CASE WHEN list_contains(k.kinds, 'user') THEN 'применяла ресурсы' END), '') AS note
FROM open_organizations($district::VARCHAR, $org_type::VARCHAR, $school_year::INTEGER) so
JOIN organizations o ON o.code = so.code
LEFT JOIN kinds k ON k.code = so.code
