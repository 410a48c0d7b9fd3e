-- Directions for the filter bar.
SELECT code, name FROM directions ORDER BY name
