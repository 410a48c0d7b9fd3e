-- Organizations of the scope that existed in a school year, as the data tell:
-- - one closed (or merged into another) by the year's first day, 1 September, did not;
-- - where the region's headcounts of that year are in, one whose headcounts all lie in later
--   years, and that applied to no competition by then, opened after it (a kindergarten opened in
--   2026 is no organization of 2024/25 that failed to apply to its competition). One without any
--   headcount yet («реестр сначала, ОО-1 потом») is taken as opening after every year whose
--   headcounts are in. A year before the region's headcounts begin tells nothing of who existed.
CREATE OR REPLACE MACRO open_organizations(p_district, p_org_type, p_school_year) AS TABLE
  SELECT so.code, so.district_code
  FROM scope_organizations(p_district, p_org_type) so
  JOIN organizations o ON o.code = so.code
  WHERE (o.closed_on IS NULL OR o.closed_on > make_date(p_school_year, 9, 1))
    AND (NOT EXISTS (SELECT 1 FROM organization_headcounts h WHERE h.organization_code = so.code HAVING coalesce(min(h.school_year), 9999) > p_school_year)
         OR NOT EXISTS (SELECT 1 FROM organization_headcounts h WHERE h.school_year = p_school_year)
         OR EXISTS (SELECT 1 FROM competition_applications a WHERE a.organization_code = so.code AND a.year <= p_school_year));
