-- The organisation's own grievance channel (LkSG §8, CSDDD art. 14, UNGP 31; docs/grievances.md):
-- anonymous reports through a public page, a receipt number and a hashed secret to come back,
-- replies both ways, the whistle-blower directive's deadlines (acknowledge in 7 days, feedback
-- in 3 months) with one-off reminders, and triage into a finding or a child case.
-- Nothing identifying a reporter is stored: no IP, no user agent, no file names, and the day
-- of receipt rather than the minute (a timestamp can be matched against a site's gate log).

CREATE TABLE grievance_reports (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  receipt text NOT NULL CHECK (receipt ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  -- SHA-256 of the reporter's secret (high-entropy, random): shown once, never stored in clear.
  secret_hash text NOT NULL,
  category text NOT NULL CHECK (category IN ('child_labour', 'hazardous_work', 'working_conditions', 'recruitment', 'housing_childcare', 'retaliation', 'other')),
  site_id uuid,
  place text CHECK (length(place) <= 300),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 8000),
  -- Only if the reporter chose to leave one (telephone or e-mail, free text).
  contact text CHECK (length(contact) <= 200),
  language text NOT NULL DEFAULT 'es-MX' CHECK (language IN ('es-MX', 'en')),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'acknowledged', 'closed')),
  received_on date NOT NULL,
  acknowledge_due_on date NOT NULL,
  feedback_due_on date NOT NULL,
  acknowledged_on date,
  feedback_on date,
  closed_on date,
  outcome text CHECK (outcome IN ('substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'outside_scope')),
  -- What the reporter reads as the outcome (the handler writes it for them).
  outcome_note text CHECK (length(outcome_note) <= 4000),
  -- Triage: the finding opened from the report; a child case hangs from that finding.
  finding_id uuid,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id) ON DELETE SET NULL (site_id),
  FOREIGN KEY (organization_id, finding_id) REFERENCES findings (organization_id, id) ON DELETE SET NULL (finding_id),
  CHECK ((status = 'closed') = (closed_on IS NOT NULL AND outcome IS NOT NULL)),
  CHECK ((status = 'received') = (acknowledged_on IS NULL))
);
CREATE UNIQUE INDEX grievance_reports_receipt_key ON grievance_reports (organization_id, receipt);
CREATE INDEX grievance_reports_status_idx ON grievance_reports (organization_id, status, received_on);

-- Messages both ways, in order; a reporter message has no author.
CREATE TABLE grievance_messages (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  report_id uuid NOT NULL,
  author text NOT NULL CHECK (author IN ('reporter', 'handler')),
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
  created_on date NOT NULL,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, report_id) REFERENCES grievance_reports (organization_id, id) ON DELETE CASCADE,
  CHECK (author = 'handler' OR author_user_id IS NULL)
);
CREATE INDEX grievance_messages_report_idx ON grievance_messages (organization_id, report_id, seq);

-- Photos and documents, metadata already removed; named by the server, never by the reporter.
CREATE TABLE grievance_attachments (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL,
  -- Photos only: their metadata can be removed here; a PDF's author fields could not.
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  size int NOT NULL CHECK (size > 0),
  content bytea NOT NULL,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, report_id) REFERENCES grievance_reports (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX grievance_attachments_report_idx ON grievance_attachments (organization_id, report_id);

-- Members named to handle grievances besides owners and admins (who hold grievances.handle).
CREATE TABLE grievance_handlers (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  assigned_by uuid REFERENCES users(id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);

-- Deadline reminders sent; the key makes each one go out once.
CREATE TABLE grievance_reminders (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  report_id uuid NOT NULL,
  deadline text NOT NULL CHECK (deadline IN ('acknowledge', 'feedback')),
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, report_id, deadline),
  FOREIGN KEY (organization_id, report_id) REFERENCES grievance_reports (organization_id, id) ON DELETE CASCADE
);

ALTER TABLE grievance_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY grievance_reports_tenant ON grievance_reports
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE grievance_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY grievance_messages_tenant ON grievance_messages
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE grievance_attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY grievance_attachments_tenant ON grievance_attachments
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE grievance_handlers ENABLE ROW LEVEL SECURITY;
CREATE POLICY grievance_handlers_tenant ON grievance_handlers
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE grievance_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY grievance_reminders_tenant ON grievance_reminders
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));

GRANT SELECT, INSERT, UPDATE ON grievance_reports TO vigia_app;
GRANT SELECT, INSERT ON grievance_messages TO vigia_app;
GRANT SELECT, INSERT ON grievance_attachments TO vigia_app;
GRANT SELECT, INSERT, DELETE ON grievance_handlers TO vigia_app;
GRANT SELECT, INSERT, DELETE ON grievance_reminders TO vigia_app;
