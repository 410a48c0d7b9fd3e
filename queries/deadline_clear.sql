-- Removes a date: a competition stage is then not scheduled, a report deadline is 15 May again.
DELETE FROM deadlines WHERE kind = $kind AND year = $year
