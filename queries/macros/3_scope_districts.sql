-- The districts of the filter bar's scope, plus the total row (is_total): KPIs whose counts may
-- be empty in a district still list it, with zero.
CREATE OR REPLACE MACRO scope_districts(p_district, p_org_type) AS TABLE
  SELECT district_code, false AS is_total FROM scope_organizations(p_district, p_org_type) GROUP BY district_code
  UNION ALL
  SELECT NULL, true;
