-- «Кто за этой цифрой» of the event KPIs (avg_attendance, attendance_plan, events_per_site,
-- satisfaction): every host organization of the scope with a site in force in the period or an
-- event held in it, with the same counts as kpi_events.sql per organization.
WITH held AS (
  SELECT s.host_organization_code AS code,
         count(*) AS events,
         count(e.actual_participants) AS events_reported,
         sum(e.actual_participants) AS actual,
         sum(e.planned_participants) FILTER (WHERE e.actual_participants IS NOT NULL) AS planned_reported,
         sum(fb.responses) AS responses,
         sum(fb.rating_sum) AS rating_sum
  FROM events e
  JOIN sites s ON s.code = e.site_code
  LEFT JOIN (SELECT event_code, count(*) AS responses, sum(rating) AS rating_sum FROM feedback GROUP BY event_code) fb
    ON fb.event_code = e.code
  -- Held: up to today while the period goes on (as_of); an event planned later in it is not yet.
  WHERE e.held_on BETWEEN $start::DATE AND $as_of::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY s.host_organization_code
),
in_force AS (
  SELECT s.host_organization_code AS code, count(*) AS sites
  FROM sites s
  WHERE s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start::DATE
    AND ($direction::VARCHAR IS NULL OR s.direction_code = $direction)
  GROUP BY s.host_organization_code
)
SELECT so.code, o.name, o.short_name, so.district_code, o.org_type,
       coalesce(h.events, 0)::INTEGER AS events,
       coalesce(h.events_reported, 0)::INTEGER AS events_reported,
       coalesce(h.actual, 0)::INTEGER AS actual,
       coalesce(h.planned_reported, 0)::INTEGER AS planned_reported,
       coalesce(h.responses, 0)::INTEGER AS responses,
       coalesce(h.rating_sum, 0)::INTEGER AS rating_sum,
       coalesce(f.sites, 0)::INTEGER AS sites,
       NULL::VARCHAR AS note
FROM scope_organizations($district::VARCHAR, $org_type::VARCHAR) so
JOIN organizations o ON o.code = so.code
LEFT JOIN held h ON h.code = so.code
LEFT JOIN in_force f ON f.code = so.code
WHERE h.code IS NOT NULL OR f.code IS NOT NULL
