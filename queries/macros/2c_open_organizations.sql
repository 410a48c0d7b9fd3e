-- Organizations of the scope that existed in a school year, as the data tell: where the region's
-- headcounts of that year are in, one whose headcounts all lie in later years, and that applied to
-- no competition by then, opened after it (a kindergarten opened in 2026 is no organization of
-- 2024/25 that failed to apply to its competition). A year before the headcounts begin tells
-- nothing of who existed: every organization counts, as does one without any headcount.
CREATE OR REPLACE MACRO open_organizations(p_district, p_org_type, p_school_year) AS TABLE
  SELECT so.code, so.district_code
  FROM scope_organizations(p_district, p_org_type) so
  WHERE NOT EXISTS (SELECT 1 FROM organization_headcounts h WHERE h.organization_code = so.code HAVING min(h.school_year) > p_school_year)
     OR NOT EXISTS (SELECT 1 FROM organization_headcounts h WHERE h.school_year = p_school_year)
     OR EXISTS (SELECT 1 FROM competition_applications a WHERE a.organization_code = so.code AND a.year <= p_school_year);
