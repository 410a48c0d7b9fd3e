-- KPI targets for the admin page and the cards.
SELECT kpi_code, threshold, unit FROM targets ORDER BY kpi_code
