-- Records an approval of a period's results; its figures follow (published_figures).
INSERT INTO publications (period, starts_on, ends_on, approved_by, approved_at, note, not_arrived)
VALUES ($period, $starts_on::DATE, $ends_on::DATE, $approved_by, coalesce($approved_at::TIMESTAMPTZ, now()), $note, $not_arrived)
RETURNING id
