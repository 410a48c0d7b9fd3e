-- Authorships of site resources published in a span (p_start NULL: from the beginning), of sites
-- of a direction (NULL = all): the teacher and the organization named with the authorship.
-- Shared by the authors' KPI, the engagement KPI and their lists of organizations.
CREATE OR REPLACE MACRO authorships_in(p_start, p_end, p_direction) AS TABLE
  SELECT ra.teacher_id, ra.organization_code
  FROM resource_authors ra
  JOIN resources r ON r.code = ra.resource_code
  JOIN sites s ON s.code = r.site_code
  WHERE (p_start IS NULL OR r.published_on >= p_start) AND r.published_on <= p_end
    AND (p_direction IS NULL OR s.direction_code = p_direction);
