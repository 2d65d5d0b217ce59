-- Findings, remediation plans and actions (with evidence and verification), the
-- per-municipality directory of public services, and child cases with referrals and
-- follow-up visits (CLRISK phase II). Child cases hold minimal, non-identifying data:
-- no names, no addresses, no documents — only what remediation and indicators need.

CREATE TABLE findings (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL,
  site_id uuid,
  source text NOT NULL CHECK (source IN ('red_flag', 'reviewer', 'audit', 'field_report', 'grievance')),
  assessment_id uuid,
  question_id text,
  -- The red-flag code a finding was raised from; with the assessment and question it
  -- makes automatic creation idempotent.
  red_flag_code text,
  category text NOT NULL CHECK (category IN ('child_labour_under_15', 'hazardous_under_18', 'adolescent_without_protections', 'missing_controls')),
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  title text NOT NULL,
  description text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_remediation', 'closed')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, supplier_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id) ON DELETE SET NULL (site_id),
  FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE SET NULL (assessment_id),
  CHECK (source <> 'red_flag' OR (assessment_id IS NOT NULL AND question_id IS NOT NULL AND red_flag_code IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX findings_id_key ON findings (id);
CREATE UNIQUE INDEX findings_red_flag_key ON findings (organization_id, assessment_id, question_id, red_flag_code)
  WHERE red_flag_code IS NOT NULL;
CREATE INDEX findings_list_idx ON findings (organization_id, status, severity, created_at DESC);
CREATE INDEX findings_supplier_idx ON findings (organization_id, supplier_id);

CREATE TABLE remediation_plans (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- A plan answers one finding, or covers a supplier as a whole (finding_id NULL).
  finding_id uuid,
  supplier_id uuid NOT NULL,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, finding_id) REFERENCES findings (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, supplier_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX remediation_plans_id_key ON remediation_plans (id);
CREATE INDEX remediation_plans_finding_idx ON remediation_plans (organization_id, finding_id);
CREATE INDEX remediation_plans_supplier_idx ON remediation_plans (organization_id, supplier_id, status);

CREATE TABLE remediation_actions (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL,
  title text NOT NULL,
  description text,
  owner_kind text NOT NULL CHECK (owner_kind IN ('company', 'supplier', 'consultancy')),
  owner_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Who answers for it when that is not a user of the platform (the supplier's contact).
  owner_label text,
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'verified', 'cancelled')),
  completed_at timestamptz,
  completed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  verified_at timestamptz,
  verified_by uuid REFERENCES users(id) ON DELETE SET NULL,
  verification_note text,
  -- Last overdue e-mail; a date after the current due date means this overdue period was notified.
  overdue_notified_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, plan_id) REFERENCES remediation_plans (organization_id, id) ON DELETE CASCADE,
  CHECK (owner_kind = 'supplier' OR owner_user_id IS NOT NULL OR owner_label IS NOT NULL),
  CHECK (status NOT IN ('done', 'verified') OR completed_at IS NOT NULL),
  CHECK (status <> 'verified' OR verified_at IS NOT NULL)
);
CREATE UNIQUE INDEX remediation_actions_id_key ON remediation_actions (id);
CREATE INDEX remediation_actions_plan_idx ON remediation_actions (organization_id, plan_id);
CREATE INDEX remediation_actions_due_idx ON remediation_actions (organization_id, due_date) WHERE status IN ('open', 'in_progress');

-- Files proving an action was carried out; stored like assessment evidence
-- (STORAGE_DIR/evidence/<org>/<random name>, type decided by content).
CREATE TABLE remediation_evidence (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL,
  original_name text NOT NULL,
  stored_name text NOT NULL,
  mime text NOT NULL,
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, action_id) REFERENCES remediation_actions (organization_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX remediation_evidence_id_key ON remediation_evidence (id);
CREATE INDEX remediation_evidence_action_idx ON remediation_evidence (organization_id, action_id);

-- Public services each tenant maps per municipality (INEGI CVEGEO, 5 digits).
CREATE TABLE service_directory (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  territory_code text NOT NULL CHECK (territory_code ~ '^[0-9]{5}$'),
  kind text NOT NULL CHECK (kind IN ('school', 'dif', 'health', 'employment', 'other')),
  name text NOT NULL,
  address text,
  phone text,
  notes text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX service_directory_id_key ON service_directory (id);
CREATE INDEX service_directory_territory_idx ON service_directory (organization_id, territory_code, kind);

CREATE TABLE child_cases (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL,
  finding_id uuid,
  age int NOT NULL CHECK (age BETWEEN 5 AND 17),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'undisclosed')),
  indigenous boolean NOT NULL DEFAULT false,
  migrant boolean NOT NULL DEFAULT false,
  situation text NOT NULL CHECK (situation IN ('under_minimum_age', 'hazardous_work', 'permitted_without_protections', 'at_risk')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'referred', 'in_follow_up', 'closed')),
  closure_reason text CHECK (closure_reason IN ('withdrawn_from_hazardous', 'enrolled_in_school', 'age_appropriate_work', 'moved_away', 'other')),
  -- Never names, addresses or document numbers (the form says so).
  notes text,
  identified_on date NOT NULL DEFAULT current_date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (organization_id, finding_id) REFERENCES findings (organization_id, id) ON DELETE SET NULL (finding_id),
  CHECK ((status = 'closed') = (closure_reason IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX child_cases_id_key ON child_cases (id);
CREATE INDEX child_cases_list_idx ON child_cases (organization_id, status, identified_on DESC);
CREATE INDEX child_cases_site_idx ON child_cases (organization_id, site_id);

CREATE TABLE case_referrals (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  service_id uuid NOT NULL,
  referred_on date NOT NULL,
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'attended', 'not_attended', 'declined')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, case_id) REFERENCES child_cases (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, service_id) REFERENCES service_directory (organization_id, id) ON DELETE RESTRICT
);
CREATE INDEX case_referrals_case_idx ON case_referrals (organization_id, case_id);

CREATE TABLE case_followups (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  visit_date date NOT NULL,
  notes text,
  school_enrolled boolean NOT NULL DEFAULT false,
  withdrawn boolean NOT NULL DEFAULT false,
  next_visit date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, case_id) REFERENCES child_cases (organization_id, id) ON DELETE CASCADE,
  CHECK (next_visit IS NULL OR next_visit >= visit_date)
);
CREATE INDEX case_followups_case_idx ON case_followups (organization_id, case_id, visit_date);

-- Users who may own an action in the current organisation: its members, and members of
-- consultancies it actively engages. SECURITY DEFINER because the consultancy's
-- memberships are hidden from the client tenant by RLS; it returns only names and ids
-- of people who can already act in app_org().
CREATE FUNCTION remediation_assignable_users()
RETURNS TABLE (user_id uuid, name text, email text, owner_kind text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.name, u.email, 'company', m.role
    FROM memberships m JOIN users u ON u.id = m.user_id
   WHERE m.organization_id = app_org() AND m.role <> 'auditor'
     AND (m.expires_at IS NULL OR m.expires_at > now())
  UNION
  SELECT u.id, u.name, u.email, 'consultancy', e.role
    FROM engagements e
    JOIN memberships m ON m.organization_id = e.consultancy_id AND m.role <> 'auditor'
    JOIN users u ON u.id = m.user_id
   WHERE e.organization_id = app_org() AND e.status = 'active'
     AND (m.expires_at IS NULL OR m.expires_at > now())
$$;
REVOKE ALL ON FUNCTION remediation_assignable_users() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION remediation_assignable_users() TO vigia_app;

ALTER TABLE findings ENABLE ROW LEVEL SECURITY;
CREATE POLICY findings_tenant ON findings USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE remediation_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY remediation_plans_tenant ON remediation_plans USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE remediation_actions ENABLE ROW LEVEL SECURITY;
CREATE POLICY remediation_actions_tenant ON remediation_actions USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE remediation_evidence ENABLE ROW LEVEL SECURITY;
CREATE POLICY remediation_evidence_tenant ON remediation_evidence USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE service_directory ENABLE ROW LEVEL SECURITY;
CREATE POLICY service_directory_tenant ON service_directory USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE child_cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY child_cases_tenant ON child_cases USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE case_referrals ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_referrals_tenant ON case_referrals USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE case_followups ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_followups_tenant ON case_followups USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON findings, remediation_plans, remediation_actions, service_directory, child_cases, case_referrals TO vigia_app;
-- Evidence and follow-up visits are records of what happened: append-only for the application.
-- (Default privileges from 001 grant everything, so the missing rights are revoked.)
GRANT SELECT, INSERT ON remediation_evidence, case_followups TO vigia_app;
REVOKE UPDATE, DELETE, TRUNCATE ON remediation_evidence, case_followups FROM vigia_app;
