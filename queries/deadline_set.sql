-- Sets the date of a stage or report deadline of a year.
INSERT OR REPLACE INTO deadlines (kind, year, due_on) VALUES ($kind, $year, $due_on::DATE)
