-- Training sessions (counts only: no attendee names), their materials, and a consultancy's
-- pledge targets. Distintivo readiness is computed from existing data and stores nothing.
CREATE TABLE training_sessions (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  held_on date NOT NULL,
  -- Null supplier = the organisation's own staff; a site needs its supplier.
  supplier_id uuid,
  site_id uuid,
  topics text[] NOT NULL CHECK (cardinality(topics) > 0),
  facilitator text NOT NULL CHECK (length(facilitator) BETWEEN 1 AND 200),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  -- Attendance by sex and by role: counts, never names.
  attendees_women int NOT NULL DEFAULT 0 CHECK (attendees_women >= 0),
  attendees_men int NOT NULL DEFAULT 0 CHECK (attendees_men >= 0),
  attendees_other int NOT NULL DEFAULT 0 CHECK (attendees_other >= 0),
  managers int NOT NULL DEFAULT 0 CHECK (managers >= 0),
  supervisors int NOT NULL DEFAULT 0 CHECK (supervisors >= 0),
  workers int NOT NULL DEFAULT 0 CHECK (workers >= 0),
  recruiters int NOT NULL DEFAULT 0 CHECK (recruiters >= 0),
  verified_by uuid REFERENCES users(id) ON DELETE SET NULL,
  verified_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  CHECK (site_id IS NULL OR supplier_id IS NOT NULL),
  CHECK (managers + supervisors + workers + recruiters = attendees_women + attendees_men + attendees_other),
  FOREIGN KEY (organization_id, supplier_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX training_sessions_site_idx ON training_sessions (organization_id, site_id, held_on DESC);
CREATE INDEX training_sessions_supplier_idx ON training_sessions (organization_id, supplier_id, held_on DESC);

CREATE TABLE training_materials (
  organization_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_type text NOT NULL,
  size_bytes int NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, session_id) REFERENCES training_sessions (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX training_materials_session_idx ON training_materials (organization_id, session_id);

-- A consultancy's targets, one row per measure (docs/pledges.md defines each).
CREATE TABLE pledge_targets (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  measure text NOT NULL CHECK (measure IN ('enterprises', 'work_units', 'children_reached', 'people_trained')),
  target int NOT NULL CHECK (target > 0),
  starts_on date NOT NULL,
  deadline date NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  CHECK (deadline > starts_on)
);
CREATE UNIQUE INDEX pledge_targets_measure_key ON pledge_targets (organization_id, measure, deadline);

ALTER TABLE training_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY training_sessions_tenant ON training_sessions
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE training_materials ENABLE ROW LEVEL SECURITY;
CREATE POLICY training_materials_tenant ON training_materials
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE pledge_targets ENABLE ROW LEVEL SECURITY;
CREATE POLICY pledge_targets_tenant ON pledge_targets
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON training_sessions TO vigia_app;
GRANT SELECT, INSERT, DELETE ON training_materials TO vigia_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON pledge_targets TO vigia_app;
