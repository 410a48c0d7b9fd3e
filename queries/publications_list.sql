-- Every approval, newest first, withdrawn ones too: who approved by login as recorded, and by
-- the name the account has now.
SELECT p.id, p.period, iso_instant(p.approved_at) AS approved_at, p.approved_by, ua.display_name AS approved_by_name,
  p.note, p.not_arrived, iso_instant(p.withdrawn_at) AS withdrawn_at, p.withdrawn_by, uw.display_name AS withdrawn_by_name,
  p.withdraw_reason
FROM publications p
LEFT JOIN users ua ON lower(ua.login) = lower(p.approved_by)
LEFT JOIN users uw ON lower(uw.login) = lower(p.withdrawn_by)
ORDER BY p.id DESC
