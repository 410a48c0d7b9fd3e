-- Records how an upload ended. The moment comes from the server's clock: inside the import's
-- transaction DuckDB's current_timestamp is when the transaction began, before the import's work.
UPDATE uploads SET
  dataset = $dataset, status = $status, message = $message, notes = $notes,
  rows_total = $rows_total, rows_rejected = $rows_rejected,
  inserted = $inserted, updated = $updated, deleted = $deleted, unchanged = $unchanged,
  error_count = $error_count, error_kinds = $error_kinds, finished_at = $finished_at::TIMESTAMPTZ
WHERE id = $id
