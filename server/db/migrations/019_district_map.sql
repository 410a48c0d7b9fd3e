-- The region's district boundaries for the map («Карта»), uploaded by the admin as GeoJSON and
-- stored as read (server/geo/boundaries.ts: one feature per matched district, properties
-- {code, name}, simplified). At most one row; without it the map is a tile map of the districts.
CREATE TABLE district_map (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  geojson VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  uploaded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  uploaded_by VARCHAR NOT NULL,
  -- What the file held that no district matched, as the upload's report showed it (JSON list).
  unmatched VARCHAR NOT NULL DEFAULT '[]'
);
