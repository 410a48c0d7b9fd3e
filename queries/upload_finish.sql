-- Records how an upload ended.
UPDATE uploads SET
  dataset = $dataset, status = $status, message = $message, notes = $notes,
  rows_total = $rows_total, rows_rejected = $rows_rejected,
  inserted = $inserted, updated = $updated, deleted = $deleted, unchanged = $unchanged,
  error_count = $error_count, finished_at = current_timestamp
WHERE id = $id
