-- Sets a KPI's target (a KPI without one gets it).
INSERT OR REPLACE INTO targets (kpi_code, threshold, unit) VALUES ($kpi_code, $threshold, $unit)
