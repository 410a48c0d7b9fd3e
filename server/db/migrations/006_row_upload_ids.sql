-- Each data row carries the upload that inserted it (NULL: the demo region, a bench load, or a
-- row older than this migration with no upload on record). Rolling an upload back deletes its
-- rows by upload_id, so an import no longer writes an 'insert' before-image per row — at millions
-- of rows that second copy cost as much as the rows themselves. Before-images of updated and
-- deleted rows keep the row's upload_id (row_upload_id), so a restored row still belongs to its upload.

ALTER TABLE districts ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_districts ADD COLUMN row_upload_id INTEGER;
UPDATE districts AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_districts b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_districts AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_districts b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_districts WHERE op = 'insert';

ALTER TABLE directions ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_directions ADD COLUMN row_upload_id INTEGER;
UPDATE directions AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_directions b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_directions AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_directions b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_directions WHERE op = 'insert';

ALTER TABLE organizations ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_organizations ADD COLUMN row_upload_id INTEGER;
UPDATE organizations AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_organizations b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_organizations AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_organizations b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_organizations WHERE op = 'insert';

ALTER TABLE organization_headcounts ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_organization_headcounts ADD COLUMN row_upload_id INTEGER;
UPDATE organization_headcounts AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_organization_headcounts b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.organization_code, b.school_year)
) b WHERE b.organization_code IS NOT DISTINCT FROM t.organization_code AND b.school_year IS NOT DISTINCT FROM t.school_year;
UPDATE upload_before_organization_headcounts AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_organization_headcounts b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.organization_code IS NOT DISTINCT FROM d.organization_code AND b.school_year IS NOT DISTINCT FROM d.school_year
) WHERE d.op = 'delete';
DELETE FROM upload_before_organization_headcounts WHERE op = 'insert';

ALTER TABLE sites ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_sites ADD COLUMN row_upload_id INTEGER;
UPDATE sites AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_sites b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_sites AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_sites b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_sites WHERE op = 'insert';

ALTER TABLE competition_applications ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_competition_applications ADD COLUMN row_upload_id INTEGER;
UPDATE competition_applications AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_competition_applications b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.year, b.organization_code, b.direction_code)
) b WHERE b.year IS NOT DISTINCT FROM t.year AND b.organization_code IS NOT DISTINCT FROM t.organization_code AND b.direction_code IS NOT DISTINCT FROM t.direction_code;
UPDATE upload_before_competition_applications AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_competition_applications b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.year IS NOT DISTINCT FROM d.year AND b.organization_code IS NOT DISTINCT FROM d.organization_code AND b.direction_code IS NOT DISTINCT FROM d.direction_code
) WHERE d.op = 'delete';
DELETE FROM upload_before_competition_applications WHERE op = 'insert';

ALTER TABLE events ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_events ADD COLUMN row_upload_id INTEGER;
UPDATE events AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_events b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_events AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_events b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_events WHERE op = 'insert';

ALTER TABLE participations ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_participations ADD COLUMN row_upload_id INTEGER;
UPDATE participations AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_participations b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.teacher_id, b.site_code, b.event_code, b.role, b.started_on)
) b WHERE b.teacher_id IS NOT DISTINCT FROM t.teacher_id AND b.site_code IS NOT DISTINCT FROM t.site_code AND b.event_code IS NOT DISTINCT FROM t.event_code AND b.role IS NOT DISTINCT FROM t.role AND b.started_on IS NOT DISTINCT FROM t.started_on;
UPDATE upload_before_participations AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_participations b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.teacher_id IS NOT DISTINCT FROM d.teacher_id AND b.site_code IS NOT DISTINCT FROM d.site_code AND b.event_code IS NOT DISTINCT FROM d.event_code AND b.role IS NOT DISTINCT FROM d.role AND b.started_on IS NOT DISTINCT FROM d.started_on
) WHERE d.op = 'delete';
DELETE FROM upload_before_participations WHERE op = 'insert';

ALTER TABLE resources ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_resources ADD COLUMN row_upload_id INTEGER;
UPDATE resources AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_resources b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_resources AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_resources b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_resources WHERE op = 'insert';

ALTER TABLE resource_authors ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_resource_authors ADD COLUMN row_upload_id INTEGER;
UPDATE resource_authors AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_resource_authors b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.resource_code, b.teacher_id)
) b WHERE b.resource_code IS NOT DISTINCT FROM t.resource_code AND b.teacher_id IS NOT DISTINCT FROM t.teacher_id;
UPDATE upload_before_resource_authors AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_resource_authors b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.resource_code IS NOT DISTINCT FROM d.resource_code AND b.teacher_id IS NOT DISTINCT FROM d.teacher_id
) WHERE d.op = 'delete';
DELETE FROM upload_before_resource_authors WHERE op = 'insert';

ALTER TABLE resource_uses ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_resource_uses ADD COLUMN row_upload_id INTEGER;
UPDATE resource_uses AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_resource_uses b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.resource_code, b.teacher_id, b.used_on)
) b WHERE b.resource_code IS NOT DISTINCT FROM t.resource_code AND b.teacher_id IS NOT DISTINCT FROM t.teacher_id AND b.used_on IS NOT DISTINCT FROM t.used_on;
UPDATE upload_before_resource_uses AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_resource_uses b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.resource_code IS NOT DISTINCT FROM d.resource_code AND b.teacher_id IS NOT DISTINCT FROM d.teacher_id AND b.used_on IS NOT DISTINCT FROM d.used_on
) WHERE d.op = 'delete';
DELETE FROM upload_before_resource_uses WHERE op = 'insert';

ALTER TABLE site_reports ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_site_reports ADD COLUMN row_upload_id INTEGER;
UPDATE site_reports AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_site_reports b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.site_code, b.year)
) b WHERE b.site_code IS NOT DISTINCT FROM t.site_code AND b.year IS NOT DISTINCT FROM t.year;
UPDATE upload_before_site_reports AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_site_reports b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.site_code IS NOT DISTINCT FROM d.site_code AND b.year IS NOT DISTINCT FROM d.year
) WHERE d.op = 'delete';
DELETE FROM upload_before_site_reports WHERE op = 'insert';

ALTER TABLE plan_items ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_plan_items ADD COLUMN row_upload_id INTEGER;
UPDATE plan_items AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_plan_items b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.code)
) b WHERE b.code IS NOT DISTINCT FROM t.code;
UPDATE upload_before_plan_items AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_plan_items b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.code IS NOT DISTINCT FROM d.code
) WHERE d.op = 'delete';
DELETE FROM upload_before_plan_items WHERE op = 'insert';

ALTER TABLE plan_item_schedule ADD COLUMN upload_id INTEGER;
ALTER TABLE upload_before_plan_item_schedule ADD COLUMN row_upload_id INTEGER;
UPDATE plan_item_schedule AS t SET upload_id = b.upload_id FROM (
  SELECT b.* FROM upload_before_plan_item_schedule b JOIN uploads u ON u.id = b.upload_id AND u.status = 'applied'
  WHERE b.op = 'insert' QUALIFY b.upload_id = max(b.upload_id) OVER (PARTITION BY b.plan_code, b.half_year)
) b WHERE b.plan_code IS NOT DISTINCT FROM t.plan_code AND b.half_year IS NOT DISTINCT FROM t.half_year;
UPDATE upload_before_plan_item_schedule AS d SET row_upload_id = (
  SELECT max(b.upload_id) FROM upload_before_plan_item_schedule b WHERE b.op = 'insert' AND b.upload_id < d.upload_id AND b.plan_code IS NOT DISTINCT FROM d.plan_code AND b.half_year IS NOT DISTINCT FROM d.half_year
) WHERE d.op = 'delete';
DELETE FROM upload_before_plan_item_schedule WHERE op = 'insert';
