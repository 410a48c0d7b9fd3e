-- What a sending came to; a letter sent moves the time the schedule counts from.
UPDATE subscriptions
SET last_result = $result, last_sent_at = CASE WHEN $sent THEN $at::TIMESTAMPTZ ELSE last_sent_at END
WHERE id = $id
