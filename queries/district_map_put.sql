-- Replaces the district boundaries with a newly uploaded file's.
INSERT OR REPLACE INTO district_map (id, geojson, file_name, uploaded_at, uploaded_by, unmatched)
VALUES (1, $geojson, $file_name, current_timestamp, $uploaded_by, $unmatched)
