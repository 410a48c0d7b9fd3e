-- Removes the uploaded district boundaries: the map goes back to tiles.
DELETE FROM district_map WHERE id = 1
