-- A stored moment as the API writes it: ISO 8601 in UTC with milliseconds and «Z», what
-- JavaScript's Date.toISOString() gives; NULL stays NULL. Through epoch microseconds, so that a
-- TIMESTAMPTZ (what the tables hold) is written in UTC whatever the session's time zone.
CREATE OR REPLACE MACRO iso_instant(ts) AS strftime(make_timestamp(epoch_us(ts)), '%Y-%m-%dT%H:%M:%S.%gZ');
