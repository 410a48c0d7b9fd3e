-- KPI targets for the cards, the outlook and the admin page (a KPI without a row has none).
SELECT kpi_code, threshold, unit FROM targets ORDER BY kpi_code
