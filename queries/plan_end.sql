-- The calendar plan's last half-year (NULL while no plan is loaded): the end KPI projections aim at.
SELECT max(half_year) AS half_year FROM plan_item_schedule
