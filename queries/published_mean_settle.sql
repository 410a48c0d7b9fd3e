-- Stores the ratings' sum of a mean approved without it, as today's data settle it
-- (Publications.settleLegacyMeans); a sum stored already stays.
UPDATE published_figures SET mean_of = $mean_of
WHERE publication_id = $publication_id AND kpi_code = $kpi_code AND district_code IS NOT DISTINCT FROM $district_code AND mean_of IS NULL
RETURNING publication_id
