-- Reports by e-mail: whom, what, how often, for which filters. An official subscribes herself
-- (owner_id: her account) or the admin subscribes officials (the deck, the print report as PDF, or
-- both) and methodologists (a digest of missing data and overdue site reports in their districts).
CREATE SEQUENCE subscriptions_id_seq;
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY DEFAULT nextval('subscriptions_id_seq'),
  email VARCHAR NOT NULL,
  -- Who the address is, as the letter greets them.
  recipient VARCHAR NOT NULL,
  report VARCHAR NOT NULL CHECK (report IN ('deck', 'pdf', 'both', 'reminders')),
  schedule VARCHAR NOT NULL CHECK (schedule IN ('weekly', 'monthly', 'approval')),
  -- The overview's filters (NULL: all); for reminders, the district (NULL: every district).
  district VARCHAR,
  org_type VARCHAR,
  direction VARCHAR,
  -- The account that subscribed itself; NULL: subscribed by the admin.
  owner_id INTEGER,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_sent_at TIMESTAMPTZ,
  -- What the last attempt came to, in words («отправлено», «напоминать не о чем», the error).
  last_result VARCHAR
);
