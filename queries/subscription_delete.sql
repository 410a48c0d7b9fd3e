-- Ends a subscription.
DELETE FROM subscriptions WHERE id = $id RETURNING id
