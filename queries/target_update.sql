-- Sets a KPI's target.
UPDATE targets SET threshold = $threshold WHERE kpi_code = $kpi_code
