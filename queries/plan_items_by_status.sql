-- Calendar plan items scheduled in the period's half-years, with their current status.
-- The plan is the region's: district, type and direction filters do not apply.
SELECT p.code, p.title, p.expected_product, p.status,
       list(sch.half_year ORDER BY sch.half_year) AS half_years
FROM plan_items p
JOIN plan_item_schedule sch ON sch.plan_code = p.code
WHERE p.code IN (
  SELECT plan_code FROM plan_item_schedule WHERE half_year IN ($half_year_1, $half_year_2)
)
GROUP BY p.code, p.title, p.expected_product, p.status
ORDER BY string_split(p.code, '.')[1]::INTEGER, string_split(p.code, '.')[2]::INTEGER
