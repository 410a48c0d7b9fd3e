-- A new subscription.
INSERT INTO subscriptions (email, recipient, report, schedule, district, org_type, direction, owner_id, created_by)
VALUES ($email, $recipient, $report, $schedule, $district, $org_type, $direction, $owner_id, $created_by)
RETURNING id
