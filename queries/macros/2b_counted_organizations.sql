-- Organizations of the scope whose teacher headcount of a school year is known: the teacher
-- shares count their teachers in the numerator as the headcounts count them in the denominator.
-- An organization that has not sent its ОО-1 yet (every September) adds neither: its authors
-- over others' headcounts would make a share of 260 %.
CREATE OR REPLACE MACRO counted_organizations(p_district, p_org_type, p_school_year) AS TABLE
  SELECT so.code, so.district_code
  FROM scope_organizations(p_district, p_org_type) so
  SEMI JOIN organization_headcounts h ON h.organization_code = so.code AND h.school_year = p_school_year;
