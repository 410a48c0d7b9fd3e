-- First and last day with any activity: the span of periods the dashboard offers.
SELECT min(d)::VARCHAR AS first_day, max(d)::VARCHAR AS last_day
FROM (
  SELECT held_on AS d FROM events
  UNION ALL SELECT started_on FROM participations
  UNION ALL SELECT published_on FROM resources
  UNION ALL SELECT used_on FROM resource_uses
  UNION ALL SELECT submitted_on FROM competition_applications
)
