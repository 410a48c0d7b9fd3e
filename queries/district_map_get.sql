-- The uploaded district boundaries, if any, with who uploaded them and when.
SELECT m.geojson, m.file_name, iso_instant(m.uploaded_at) AS uploaded_at, coalesce(u.display_name, m.uploaded_by) AS uploaded_by, m.unmatched
FROM district_map m
LEFT JOIN users u ON u.login = m.uploaded_by
WHERE m.id = 1
