-- Post-event questionnaires: one row per answered questionnaire, a rating from 1 to 5 and an
-- optional comment. Anonymous: the questionnaire's number in the survey tool identifies it,
-- never the respondent.
CREATE TABLE feedback (
  event_code VARCHAR NOT NULL,
  response_code VARCHAR NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment VARCHAR,
  upload_id INTEGER,
  PRIMARY KEY (event_code, response_code)
);
CREATE TABLE upload_before_feedback AS
  SELECT 0::INTEGER AS upload_id, ''::VARCHAR AS op, * EXCLUDE (upload_id), 0::INTEGER AS row_upload_id FROM feedback LIMIT 0;
