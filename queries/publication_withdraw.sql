-- Withdraws the approval in force of a period; the record and its figures stay.
UPDATE publications SET withdrawn_by = $withdrawn_by, withdrawn_at = now(), withdraw_reason = $reason
WHERE period = $period AND withdrawn_at IS NULL
RETURNING id
