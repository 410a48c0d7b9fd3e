-- Marks an upload rolled back.
UPDATE uploads SET status = 'rolled_back', rolled_back_at = current_timestamp WHERE id = $id
