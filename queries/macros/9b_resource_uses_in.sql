-- Uses of site resources in a span (p_start NULL: from the beginning), of sites of a direction
-- (NULL = all): the teacher and the organization named with the use.
-- Shared by the users' KPI, the engagement KPI and their lists of organizations.
CREATE OR REPLACE MACRO resource_uses_in(p_start, p_end, p_direction) AS TABLE
  SELECT ru.teacher_id, ru.organization_code
  FROM resource_uses ru
  JOIN resources r ON r.code = ru.resource_code
  JOIN sites s ON s.code = r.site_code
  WHERE (p_start IS NULL OR ru.used_on >= p_start) AND ru.used_on <= p_end
    AND (p_direction IS NULL OR s.direction_code = p_direction);
