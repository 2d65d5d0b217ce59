-- Casework in the monitoring-and-remediation loop (docs/casework.md): named case
-- workers, immediate protection, closure only with referral and follow-ups (or a
-- documented reason), reminders at 3 and 6 months, outcomes that do not count removal
-- alone as success, corrections as amendments, retention, the legal basis of sensitive
-- fields; referral to state and national institutions; four eyes on critical findings.

-- Outcomes. "Moved away" hid children lost to follow-up; "withdrawn from hazardous work"
-- counted removal without an alternative as success.
ALTER TABLE child_cases DROP CONSTRAINT child_cases_closure_reason_check;
UPDATE child_cases c SET closure_reason = CASE
    WHEN c.closure_reason = 'moved_away' THEN 'lost_to_follow_up'
    WHEN EXISTS (SELECT 1 FROM case_followups f WHERE f.organization_id = c.organization_id AND f.case_id = c.id AND f.school_enrolled)
      THEN 'enrolled_in_school'
    ELSE 'withdrawn_without_alternative' END
 WHERE c.closure_reason IN ('moved_away', 'withdrawn_from_hazardous');
ALTER TABLE child_cases ADD CONSTRAINT child_cases_closure_reason_check CHECK (closure_reason IN (
  'enrolled_in_school', 'under_protection', 'age_appropriate_work', 'withdrawn_without_alternative', 'lost_to_follow_up', 'other'));

ALTER TABLE child_cases
  -- Why a case was closed without the full loop, or closed as lost / other.
  ADD COLUMN closure_note text,
  -- Immediate protection: when and what was done the moment the child was found.
  ADD COLUMN protection_on date,
  ADD COLUMN protection_measure text,
  -- Ethnic origin and migration status are sensitive data (LFPDPPP): kept only with the
  -- express written consent of the parent or guardian, recorded by its date.
  ADD COLUMN sensitive_consent_on date,
  ADD COLUMN anonymised_at timestamptz;
ALTER TABLE child_cases ALTER COLUMN indigenous DROP NOT NULL, ALTER COLUMN indigenous DROP DEFAULT,
  ALTER COLUMN migrant DROP NOT NULL, ALTER COLUMN migrant DROP DEFAULT;
-- Values stored before a legal basis was recorded have none: they are removed.
UPDATE child_cases SET indigenous = NULL, migrant = NULL WHERE sensitive_consent_on IS NULL;
ALTER TABLE child_cases ADD CONSTRAINT child_cases_sensitive_basis
  CHECK ((indigenous IS NULL AND migrant IS NULL) OR sensitive_consent_on IS NOT NULL);
ALTER TABLE child_cases ADD CONSTRAINT child_cases_protection
  CHECK ((protection_on IS NULL) = (protection_measure IS NULL));

-- Named case workers: only they open a case (owners and admins assign them).
CREATE TABLE case_assignments (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  assigned_by uuid REFERENCES users(id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, case_id, user_id),
  FOREIGN KEY (organization_id, case_id) REFERENCES child_cases (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX case_assignments_user_idx ON case_assignments (organization_id, user_id);
-- Whoever opened an existing case keeps it.
INSERT INTO case_assignments (organization_id, case_id, user_id)
  SELECT organization_id, id, created_by FROM child_cases WHERE created_by IS NOT NULL;

-- Follow-up reminders sent (3 and 6 months after identification); the key makes each one-off.
CREATE TABLE case_reminders (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  case_id uuid NOT NULL,
  milestone_months int NOT NULL CHECK (milestone_months IN (3, 6)),
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, case_id, milestone_months),
  FOREIGN KEY (organization_id, case_id) REFERENCES child_cases (organization_id, id) ON DELETE CASCADE
);

-- Corrections of follow-up notes: the newest supersedes, the original stays in history.
CREATE TABLE case_followup_amendments (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  followup_id uuid NOT NULL,
  notes text,
  reason text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, case_id) REFERENCES child_cases (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, followup_id) REFERENCES case_followups (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX case_followup_amendments_idx ON case_followup_amendments (organization_id, followup_id, created_at);

-- Per organisation: how long closed cases keep their details, and its privacy notice.
CREATE TABLE casework_settings (
  organization_id uuid NOT NULL PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  retention_months int NOT NULL DEFAULT 36 CHECK (retention_months BETWEEN 6 AND 120),
  privacy_notice_url text,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Referrals reach the shipped national and state directory (data/mx/referral-directory.csv)
-- as well as the tenant's local services; a shipped entry is copied by id, name and kind
-- so the referral stays readable if the file changes.
ALTER TABLE service_directory DROP CONSTRAINT service_directory_kind_check;
ALTER TABLE service_directory ADD CONSTRAINT service_directory_kind_check CHECK (kind IN (
  'school', 'dif', 'health', 'employment', 'other', 'procuraduria_proteccion', 'sipinna', 'inea', 'conafe',
  'childcare_imss', 'labour_inspection', 'fiscalia', 'migrant_protection'));
ALTER TABLE case_referrals ALTER COLUMN service_id DROP NOT NULL;
ALTER TABLE case_referrals
  ADD COLUMN reference_id text,
  ADD COLUMN reference_name text,
  ADD COLUMN reference_kind text,
  ADD COLUMN reference_level text CHECK (reference_level IN ('national', 'state')),
  -- A local service outside the site's municipality (the child's home community).
  ADD COLUMN out_of_area_reason text,
  ADD CONSTRAINT case_referrals_one_target CHECK (num_nonnulls(service_id, reference_id) = 1),
  ADD CONSTRAINT case_referrals_reference CHECK (reference_id IS NULL OR (reference_name IS NOT NULL AND reference_kind IS NOT NULL AND reference_level IS NOT NULL));

-- Four eyes on critical findings: one member proposes closing or downgrading, another approves.
CREATE TABLE finding_change_requests (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  finding_id uuid NOT NULL,
  change text NOT NULL CHECK (change IN ('close', 'downgrade')),
  to_category text,
  to_severity text CHECK (to_severity IN ('high', 'medium', 'low')),
  reason text NOT NULL,
  proposed_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decision text CHECK (decision IN ('approved', 'rejected')),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, finding_id) REFERENCES findings (organization_id, id) ON DELETE CASCADE,
  CHECK (change <> 'downgrade' OR (to_severity IS NOT NULL AND to_category IS NOT NULL)),
  CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE UNIQUE INDEX finding_change_requests_id_key ON finding_change_requests (id);
CREATE UNIQUE INDEX finding_change_requests_pending ON finding_change_requests (organization_id, finding_id) WHERE decision IS NULL;

ALTER TABLE case_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_assignments_tenant ON case_assignments USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE case_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_reminders_tenant ON case_reminders USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE case_followup_amendments ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_followup_amendments_tenant ON case_followup_amendments USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE casework_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY casework_settings_tenant ON casework_settings USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE finding_change_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY finding_change_requests_tenant ON finding_change_requests USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

GRANT SELECT, INSERT, DELETE ON case_assignments TO vigia_app;
GRANT SELECT, INSERT, UPDATE ON casework_settings, finding_change_requests TO vigia_app;
GRANT SELECT, INSERT ON case_reminders, case_followup_amendments TO vigia_app;
-- Amendments are history (append-only for the application); the retention job runs as owner.
REVOKE UPDATE, DELETE, TRUNCATE ON case_followup_amendments FROM vigia_app;
REVOKE UPDATE, TRUNCATE ON case_assignments FROM vigia_app;
REVOKE DELETE, TRUNCATE ON casework_settings, finding_change_requests FROM vigia_app;
GRANT DELETE ON case_reminders TO vigia_app;
REVOKE UPDATE, TRUNCATE ON case_reminders FROM vigia_app;
