-- What engages an organization in the sites' work in a period, one row per kind and occasion:
-- a trainee it sent to an internship begun then ('trainee'), an author of a resource published
-- then ('author'), a teacher who used a resource then ('user'); at sites of a direction (NULL = all).
-- Shared by the engagement KPI and its list of organizations.
CREATE OR REPLACE MACRO engagements(p_start, p_end, p_direction) AS TABLE
  SELECT p.organization_code AS code, 'trainee' AS kind
  FROM participations p JOIN sites s ON s.code = p.site_code
  WHERE p.role = 'trainee' AND p.started_on BETWEEN p_start AND p_end
    AND (p_direction IS NULL OR s.direction_code = p_direction)
  UNION ALL
  SELECT organization_code, 'author' FROM authorships_in(p_start, p_end, p_direction)
  UNION ALL
  SELECT organization_code, 'user' FROM resource_uses_in(p_start, p_end, p_direction);
