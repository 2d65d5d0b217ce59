-- Generated compliance reports (PDF). A row is queued when a user asks for a report and
-- completed by the report job; once it is ready (or failed) it never changes: the
-- trigger below refuses any UPDATE, and the app may not DELETE. The file lives under
-- STORAGE_DIR/<file_path>; its SHA-256 is checked again on every download.

CREATE TABLE reports (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('supplier', 'company', 'portfolio')),
  title text NOT NULL,
  -- What was asked for (supplier id, reporting period, …), as validated by the service.
  params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  locale text NOT NULL CHECK (locale IN ('es-MX', 'en')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'ready', 'failed')),
  file_path text,                      -- reports/<org>/<id>.pdf, relative to STORAGE_DIR
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint CHECK (size > 0),
  pages int CHECK (pages > 0),
  -- Snapshots: the report must still say who wrote it and on which data if a user or
  -- dataset changes later.
  author_user_id uuid REFERENCES users(id),
  author_name text NOT NULL,
  dataset_id uuid,
  dataset_name text,
  dataset_version text,
  dataset_is_demo boolean NOT NULL DEFAULT false,
  job_id uuid,
  error jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  generated_at timestamptz,
  PRIMARY KEY (organization_id, id),
  CHECK (status <> 'ready' OR (file_path IS NOT NULL AND sha256 IS NOT NULL AND size IS NOT NULL
                               AND pages IS NOT NULL AND generated_at IS NOT NULL))
);
CREATE UNIQUE INDEX reports_id_key ON reports (id);
CREATE INDEX reports_list_idx ON reports (organization_id, created_at DESC);
CREATE INDEX reports_sha256_idx ON reports (organization_id, sha256) WHERE sha256 IS NOT NULL;

-- Only a queued row may be completed; a generated report is a record, not a draft.
CREATE FUNCTION reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'queued' THEN
    RAISE EXCEPTION 'report % is immutable once generated', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.id <> OLD.id OR NEW.organization_id <> OLD.organization_id OR NEW.kind <> OLD.kind
     OR NEW.params IS DISTINCT FROM OLD.params OR NEW.locale <> OLD.locale
     OR NEW.author_user_id IS DISTINCT FROM OLD.author_user_id OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'report % keeps what was asked for', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER reports_immutable BEFORE UPDATE ON reports FOR EACH ROW EXECUTE FUNCTION reports_immutable();

ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY reports_tenant ON reports USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

-- Default privileges (001) include DELETE; reports are kept.
REVOKE ALL ON reports FROM vigia_app;
GRANT SELECT, INSERT, UPDATE ON reports TO vigia_app;
