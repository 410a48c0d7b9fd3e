-- Every subscription, oldest first.
SELECT id, email, recipient, report, schedule, district, org_type, direction, created_by,
  iso_instant(created_at) AS created_at, iso_instant(last_sent_at) AS last_sent_at, last_result
FROM subscriptions
ORDER BY id
