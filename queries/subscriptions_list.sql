-- The subscriptions, oldest first: every one, or those an account made for itself ($owner_id).
SELECT id, email, recipient, report, schedule, district, org_type, direction, owner_id, created_by,
  iso_instant(created_at) AS created_at, iso_instant(last_sent_at) AS last_sent_at, last_result
FROM subscriptions
WHERE $owner_id::INTEGER IS NULL OR owner_id = $owner_id
ORDER BY id
