-- A stored moment (TIMESTAMP, UTC) as the API writes it: ISO 8601 with milliseconds and «Z»,
-- what JavaScript's Date.toISOString() gives; NULL stays NULL.
CREATE OR REPLACE MACRO iso_instant(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ');
