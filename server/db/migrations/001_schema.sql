-- Core schema of the monitoring database.
-- No FOREIGN KEY clauses: DuckDB rejects updates of referenced rows (upserts of organizations
-- or sites would fail), so references are checked by the ingest pipeline and by tests instead.

CREATE TABLE districts (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL
);

CREATE TABLE directions (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL
);

CREATE TABLE organizations (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR NOT NULL,
  org_type VARCHAR NOT NULL
    CHECK (org_type IN ('school', 'gymnasium', 'lyceum', 'kindergarten', 'additional', 'other')),
  district_code VARCHAR NOT NULL
);

-- Teacher headcount per school year; school_year is the starting year (2021 = 2021/22).
CREATE TABLE organization_headcounts (
  organization_code VARCHAR NOT NULL,
  school_year INTEGER NOT NULL,
  teachers INTEGER NOT NULL CHECK (teachers >= 0),
  PRIMARY KEY (organization_code, school_year)
);

CREATE TABLE sites (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  host_organization_code VARCHAR NOT NULL,
  direction_code VARCHAR NOT NULL,
  level VARCHAR NOT NULL CHECK (level IN ('school', 'municipal', 'regional')),
  status_granted_on DATE NOT NULL,
  status_valid_until DATE NOT NULL,
  is_pilot BOOLEAN NOT NULL DEFAULT false,
  is_testing BOOLEAN NOT NULL DEFAULT false,
  CHECK (status_valid_until >= status_granted_on)
);

-- year is the competition's year; the competition of year Y is held in autumn Y
-- and grants statuses for school year Y/Y+1.
CREATE TABLE competition_applications (
  year INTEGER NOT NULL,
  organization_code VARCHAR NOT NULL,
  direction_code VARCHAR NOT NULL,
  submitted_on DATE NOT NULL,
  outcome VARCHAR NOT NULL CHECK (outcome IN ('granted', 'rejected', 'pending')),
  PRIMARY KEY (year, organization_code, direction_code)
);

CREATE TABLE events (
  code VARCHAR PRIMARY KEY,
  site_code VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  held_on DATE NOT NULL,
  format VARCHAR NOT NULL
    CHECK (format IN ('seminar', 'workshop', 'conference', 'webinar', 'videoconference', 'master_class', 'visit')),
  mode VARCHAR NOT NULL CHECK (mode IN ('in_person', 'remote')),
  planned_participants INTEGER NOT NULL CHECK (planned_participants >= 0),
  actual_participants INTEGER CHECK (actual_participants >= 0)
);

-- One row per teacher's enrolment at a site: at an event, or in the site's programme (event_code NULL).
-- Teachers are known only by the source system's stable id: no names are stored.
CREATE TABLE participations (
  teacher_id VARCHAR NOT NULL,
  organization_code VARCHAR NOT NULL,
  site_code VARCHAR NOT NULL,
  event_code VARCHAR,
  role VARCHAR NOT NULL CHECK (role IN ('trainee', 'author', 'tutor')),
  started_on DATE NOT NULL,
  attended BOOLEAN NOT NULL DEFAULT false,
  report_type VARCHAR NOT NULL DEFAULT 'none' CHECK (report_type IN ('analytic', 'mini', 'none')),
  certificate_issued BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE resources (
  code VARCHAR PRIMARY KEY,
  site_code VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  kind VARCHAR NOT NULL
    CHECK (kind IN ('methodical_guide', 'lesson_plan', 'video', 'case', 'program', 'presentation')),
  published_on DATE NOT NULL
);

CREATE TABLE resource_authors (
  resource_code VARCHAR NOT NULL,
  teacher_id VARCHAR NOT NULL,
  organization_code VARCHAR NOT NULL,
  PRIMARY KEY (resource_code, teacher_id)
);

CREATE TABLE resource_uses (
  resource_code VARCHAR NOT NULL,
  teacher_id VARCHAR NOT NULL,
  organization_code VARCHAR NOT NULL,
  used_on DATE NOT NULL,
  PRIMARY KEY (resource_code, teacher_id, used_on)
);

-- year is the report's year: the report for school year Y-1/Y is due on 15 May of year Y.
CREATE TABLE site_reports (
  site_code VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  submitted_on DATE,
  PRIMARY KEY (site_code, year)
);

CREATE TABLE plan_items (
  code VARCHAR PRIMARY KEY,
  title VARCHAR NOT NULL,
  expected_product VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'overdue'))
);

-- The calendar plan's half-year columns: one row per half-year in which an item is scheduled.
CREATE TABLE plan_item_schedule (
  plan_code VARCHAR NOT NULL,
  half_year VARCHAR NOT NULL CHECK (regexp_full_match(half_year, '\d{4}-H[12]')),
  PRIMARY KEY (plan_code, half_year)
);

CREATE TABLE targets (
  kpi_code VARCHAR PRIMARY KEY,
  threshold DOUBLE NOT NULL,
  unit VARCHAR NOT NULL CHECK (unit IN ('percent', 'count'))
);
