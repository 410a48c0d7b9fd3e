-- The day the public lists are «as of»: today, or the last event of the data when the data end
-- earlier (a region whose reports stop in the past is shown as it stood then, not all expired).
CREATE OR REPLACE MACRO data_today() AS
  least(current_date, coalesce((SELECT max(held_on) FROM events), current_date));
