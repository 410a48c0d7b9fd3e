-- Teachers of the scope (sum of headcounts) in a school year per district, plus the total row (is_total).
CREATE OR REPLACE MACRO scope_teachers(p_district, p_org_type, p_school_year) AS TABLE
  SELECT so.district_code, grouping(so.district_code) = 1 AS is_total, sum(h.teachers) AS n
  FROM scope_organizations(p_district, p_org_type) so
  JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = p_school_year
  GROUP BY GROUPING SETS ((so.district_code), ());
