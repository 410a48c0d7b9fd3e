-- Uploads still 'processing' at start-up were cut off by a stop: their transaction never
-- committed, so the data is as before.
UPDATE uploads SET status = 'failed', message = 'Загрузка прервана остановкой сервера: данные не изменены. Загрузите файл снова.',
  finished_at = current_timestamp
WHERE status = 'processing'
