-- Targets of the district plan.
INSERT INTO targets (kpi_code, threshold, unit) VALUES
  ('competition_share', 20, 'percent'),
  ('authors_share', 3, 'percent'),
  ('users_share', 10, 'percent'),
  ('pilot_orgs', 3, 'count'),
  ('testing_orgs', 7, 'count');
