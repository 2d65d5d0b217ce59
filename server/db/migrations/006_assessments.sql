-- Questionnaire templates (per tenant, versioned), assessments sent to suppliers,
-- their answers, history, reminders and evidence files.
-- The shipped default template is copied into each organisation on first use, so every
-- table keeps organization_id in its key (one rule for RLS and for distribution).

CREATE TABLE questionnaire_templates (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  key text NOT NULL,
  version int NOT NULL CHECK (version >= 1),
  title_es text NOT NULL,
  title_en text NOT NULL,
  definition jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('shipped', 'imported')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  UNIQUE (organization_id, key, version)
);
CREATE UNIQUE INDEX questionnaire_templates_id_key ON questionnaire_templates (id);

CREATE TABLE assessments (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL,
  site_id uuid,
  template_id uuid NOT NULL,
  -- Snapshot of which version was sent; the template row itself is frozen once used.
  template_key text NOT NULL,
  template_version int NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'in_progress', 'submitted', 'returned', 'reviewed')),
  language text NOT NULL DEFAULT 'es-MX' CHECK (language IN ('es-MX', 'en')),
  contact_email text,
  due_date date,
  portal_token_hash text UNIQUE,
  token_expires_at timestamptz,
  token_revoked_at timestamptz,
  sent_at timestamptz,
  started_at timestamptz,
  submitted_at timestamptz,
  returned_at timestamptz,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Evaluation snapshot taken at review, read by risk scoring.
  controls_score numeric(6,5) CHECK (controls_score BETWEEN 0 AND 1),
  red_flags jsonb,
  evaluation jsonb,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, supplier_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, template_id) REFERENCES questionnaire_templates (organization_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX assessments_id_key ON assessments (id);
CREATE INDEX assessments_list_idx ON assessments (organization_id, status, due_date);
CREATE INDEX assessments_supplier_idx ON assessments (organization_id, supplier_id);
CREATE INDEX assessments_reviewed_idx ON assessments (organization_id, supplier_id, site_id, reviewed_at DESC) WHERE status = 'reviewed';

CREATE TABLE assessment_answers (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  assessment_id uuid NOT NULL,
  question_id text NOT NULL,
  answer jsonb,                        -- NULL when only a reviewer comment exists
  updated_at timestamptz NOT NULL DEFAULT now(),
  reviewer_comment text,
  commented_by uuid REFERENCES users(id) ON DELETE SET NULL,
  commented_at timestamptz,
  PRIMARY KEY (organization_id, assessment_id, question_id),
  FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE
);

-- History shown on the assessment page; the audit log keeps the tamper-evident record.
CREATE TABLE assessment_events (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL,
  kind text NOT NULL,
  from_status text,
  to_status text,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_label text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX assessment_events_idx ON assessment_events (organization_id, assessment_id, created_at);

-- One row per reminder e-mail; the key is what prevents sending the same one twice.
CREATE TABLE assessment_reminders (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  assessment_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('before_due', 'overdue')),
  seq int NOT NULL CHECK (seq >= 1),
  sent_to text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, assessment_id, kind, seq),
  FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE evidence_files (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL,
  question_id text NOT NULL,
  original_name text NOT NULL,
  stored_name text NOT NULL,           -- random name under STORAGE_DIR/evidence/<org>/
  mime text NOT NULL,                  -- from content sniffing, never from the client
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by_portal boolean NOT NULL DEFAULT true,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX evidence_files_id_key ON evidence_files (id);
CREATE INDEX evidence_files_assessment_idx ON evidence_files (organization_id, assessment_id, question_id);

-- A template version that an assessment uses can no longer change.
CREATE FUNCTION questionnaire_template_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.key <> OLD.key OR NEW.version <> OLD.version THEN
    IF EXISTS (SELECT 1 FROM assessments a WHERE a.organization_id = OLD.organization_id AND a.template_id = OLD.id) THEN
      RAISE EXCEPTION 'questionnaire template % version % is in use and cannot change', OLD.key, OLD.version
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER questionnaire_templates_frozen BEFORE UPDATE ON questionnaire_templates
  FOR EACH ROW EXECUTE FUNCTION questionnaire_template_frozen();

ALTER TABLE questionnaire_templates ENABLE ROW LEVEL SECURITY;
CREATE POLICY questionnaire_templates_tenant ON questionnaire_templates USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessments_tenant ON assessments USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE assessment_answers ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_answers_tenant ON assessment_answers USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE assessment_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_events_tenant ON assessment_events USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE assessment_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_reminders_tenant ON assessment_reminders USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE evidence_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY evidence_files_tenant ON evidence_files USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON questionnaire_templates, assessments, assessment_answers TO vigia_app;
-- History, reminders and evidence are append-only for the application.
GRANT SELECT, INSERT ON assessment_events, assessment_reminders, evidence_files TO vigia_app;
