-- The figures of the approvals in force.
SELECT f.publication_id, p.period, f.kpi_code, f.district_code, f.value, f.numerator, f.denominator, f.target, f.mean_of
FROM published_figures f
JOIN publications p ON p.id = f.publication_id
WHERE p.withdrawn_at IS NULL
