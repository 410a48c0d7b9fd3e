-- Removes a KPI's target: it is watched without one (показатель наблюдения).
DELETE FROM targets WHERE kpi_code = $kpi_code
