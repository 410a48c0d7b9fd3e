-- Trainee enrolments (role trainee) begun in a period, in the filter bar's scope: district and
-- type of the organization named with the enrolment, direction of the site; with that
-- organization's district and the site's host. Shared by the trainee KPIs and the funnel.
CREATE OR REPLACE MACRO scope_enrolments(p_start, p_end, p_district, p_org_type, p_direction) AS TABLE
  SELECT p.teacher_id, p.organization_code, p.attended, p.report_type, p.certificate_issued,
         so.district_code, s.host_organization_code
  FROM participations p
  JOIN scope_organizations(p_district, p_org_type) so ON so.code = p.organization_code
  JOIN sites s ON s.code = p.site_code
  WHERE p.role = 'trainee'
    AND p.started_on BETWEEN p_start AND p_end
    AND (p_direction IS NULL OR s.direction_code = p_direction);
