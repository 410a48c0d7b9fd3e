-- KPIs of the events held in the period: avg_attendance (actual participants ÷ events that
-- reported them), attendance_plan (actual ÷ planned participants of those events),
-- events_per_site (events ÷ sites whose status was in force on some day of the period, up to
-- today while it goes on: as_of) and
-- satisfaction (mean questionnaire rating; questionnaires ÷ actual participants is the response
-- rate). District and type filters apply to the site's host organization, direction to the site.
-- Rows: one per district of the scope plus the total (is_total = true).
WITH held AS (
  SELECT o.district_code, e.planned_participants AS planned, e.actual_participants AS actual,
         fb.responses, fb.rating_sum
  FROM events e
  JOIN sites s ON s.code = e.site_code
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  LEFT JOIN (SELECT event_code, count(*) AS responses, sum(rating) AS rating_sum FROM feedback GROUP BY event_code) fb
    ON fb.event_code = e.code
  -- Held: up to today while the period goes on (as_of); an event planned later in it is not yet.
  WHERE e.held_on BETWEEN $start::DATE AND $as_of::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
),
event_counts AS (
  SELECT district_code, grouping(district_code) = 1 AS is_total,
         count(*) AS events,
         count(actual) AS events_reported,
         sum(actual) AS actual,
         sum(planned) FILTER (WHERE actual IS NOT NULL) AS planned_reported,
         sum(responses) AS responses,
         sum(rating_sum) AS rating_sum
  FROM held
  GROUP BY GROUPING SETS ((district_code), ())
),
site_counts AS (
  SELECT o.district_code, grouping(o.district_code) = 1 AS is_total, count(*) AS sites
  FROM sites s
  JOIN scope_organizations($district::VARCHAR, $org_type::VARCHAR) o ON o.code = s.host_organization_code
  WHERE s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY GROUPING SETS ((o.district_code), ())
)
SELECT d.district_code, d.is_total,
       coalesce(e.events, 0)::INTEGER AS events,
       coalesce(e.events_reported, 0)::INTEGER AS events_reported,
       coalesce(e.actual, 0)::INTEGER AS actual,
       coalesce(e.planned_reported, 0)::INTEGER AS planned_reported,
       coalesce(e.responses, 0)::INTEGER AS responses,
       coalesce(e.rating_sum, 0)::INTEGER AS rating_sum,
       coalesce(sc.sites, 0)::INTEGER AS sites
FROM scope_districts($district::VARCHAR, $org_type::VARCHAR) d
LEFT JOIN event_counts e ON e.is_total = d.is_total AND e.district_code IS NOT DISTINCT FROM d.district_code
LEFT JOIN site_counts sc ON sc.is_total = d.is_total AND sc.district_code IS NOT DISTINCT FROM d.district_code
