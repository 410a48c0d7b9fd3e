-- What data each district has for the period ($start–$end, school year $school_year), and from
-- which upload: the events and participations of the sites its organizations host, and its
-- organizations' teacher headcounts of the school year. For each, the rows, when the first of them
-- came (whether they came late), and the latest upload that brought some of them (when, and who:
-- the account's name); rows loaded without an upload (the demo region) have none of these. What a district is expected to send is decided in
-- web/src/lib/shared/completeness.ts from these counts.
WITH host AS (
  SELECT s.code AS site_code, o.district_code,
         s.status_granted_on <= $as_of::DATE AND s.status_valid_until >= $start AS active
  FROM sites s JOIN organizations o ON o.code = s.host_organization_code
),
rows_of AS (
  SELECT h.district_code, 'events' AS dataset, e.upload_id FROM events e JOIN host h USING (site_code)
  WHERE e.held_on BETWEEN $start AND $end
  UNION ALL
  SELECT h.district_code, 'participations', p.upload_id FROM participations p JOIN host h USING (site_code)
  WHERE p.started_on BETWEEN $start AND $end
  UNION ALL
  SELECT o.district_code, 'organization_headcounts', c.upload_id
  FROM organization_headcounts c JOIN organizations o ON o.code = c.organization_code
  WHERE c.school_year = $school_year
),
arrived AS (
  SELECT r.district_code, r.dataset, count(*)::INTEGER AS n,
         min(u.finished_at) AS first_at, max(u.finished_at) AS last_at,
         arg_max(coalesce(us.display_name, u.uploaded_by), u.finished_at) AS last_by
  FROM rows_of r
  LEFT JOIN uploads u ON u.id = r.upload_id AND u.status = 'applied'
  LEFT JOIN users us ON us.id = u.user_id
  GROUP BY ALL
)
SELECT d.code AS district, d.name,
       (SELECT count(*) FROM host h WHERE h.district_code = d.code AND h.active)::INTEGER AS active_sites,
       -- One closed by the school year's start owes no ОО-1 of it.
       (SELECT count(*) FROM organizations o WHERE o.district_code = d.code AND (o.closed_on IS NULL OR o.closed_on > make_date($school_year::INTEGER, 9, 1)))::INTEGER AS organizations,
       (SELECT count(DISTINCT c.organization_code) FROM organization_headcounts c JOIN organizations o ON o.code = c.organization_code
        WHERE o.district_code = d.code AND c.school_year = $school_year)::INTEGER AS counted_organizations,
       coalesce(list({'dataset': a.dataset, 'rows': a.n, 'firstAt': iso_instant(a.first_at), 'lastAt': iso_instant(a.last_at), 'lastBy': a.last_by} ORDER BY a.dataset)
                FILTER (WHERE a.dataset IS NOT NULL), []) AS arrived
FROM districts d
LEFT JOIN arrived a ON a.district_code = d.code
GROUP BY d.code, d.name
ORDER BY d.name
