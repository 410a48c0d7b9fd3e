-- The filter bar's scope, defined once for every KPI query: organizations of a district and type
-- (NULL = all). Table macros keep the KPI files in queries/ to what differs between them.
CREATE OR REPLACE MACRO scope_organizations(p_district, p_org_type) AS TABLE
  SELECT o.code, o.district_code
  FROM organizations o
  WHERE (p_district IS NULL OR o.district_code = p_district)
    AND (p_org_type IS NULL OR o.org_type = p_org_type);
