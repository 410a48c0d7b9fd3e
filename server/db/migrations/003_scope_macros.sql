-- The filter bar's scope, defined once for every KPI query: organizations of a district and type
-- (NULL = all) and their teachers in a school year. Table macros keep the KPI files in queries/
-- to what differs between them.

CREATE MACRO scope_organizations(p_district, p_org_type) AS TABLE
  SELECT o.code, o.district_code
  FROM organizations o
  WHERE (p_district IS NULL OR o.district_code = p_district)
    AND (p_org_type IS NULL OR o.org_type = p_org_type);

-- Teachers of the scope (sum of headcounts) per district, plus the total row (is_total).
CREATE MACRO scope_teachers(p_district, p_org_type, p_school_year) AS TABLE
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, sum(h.teachers) AS n
  FROM scope_organizations(p_district, p_org_type) so
  JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = p_school_year
  GROUP BY GROUPING SETS ((so.district_code), ());
