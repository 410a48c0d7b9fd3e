-- Each site resource's first use by a teacher of an organization other than the host's and the
-- authors': found once over all its uses (one pass, no lookup per resource).
-- Shared by the reuse KPI and its list of host organizations.
CREATE OR REPLACE MACRO first_reuse() AS TABLE
  SELECT ru.resource_code, min(ru.used_on) AS first_on
  FROM resource_uses ru
  JOIN resources r ON r.code = ru.resource_code
  JOIN sites s ON s.code = r.site_code
  ANTI JOIN resource_authors ra ON ra.resource_code = ru.resource_code AND ra.organization_code = ru.organization_code
  WHERE ru.organization_code <> s.host_organization_code
  GROUP BY ru.resource_code;
