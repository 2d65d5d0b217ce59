-- Supplier/site bulk imports: one row per uploaded file, from preview to commit.
-- The original bytes stay on disk (STORAGE_DIR/imports/<org>/<stored_name>) so the commit
-- re-reads exactly what was previewed (checked by SHA-256); the row keeps what the preview
-- page needs (counts, capped issue lists) and the user's territory choices.
CREATE TABLE supplier_imports (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  file_name text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_size int NOT NULL CHECK (file_size >= 0),
  stored_name text NOT NULL CHECK (stored_name ~ '^[0-9a-f]{48}$'),
  format text CHECK (format IN ('csv', 'xlsx')),
  encoding text,
  status text NOT NULL DEFAULT 'uploaded'
    CHECK (status IN ('uploaded', 'previewed', 'committing', 'committed', 'failed')),
  -- Row counts, new/existing suppliers, error and warning counts, columns read.
  stats jsonb NOT NULL DEFAULT '{}',
  -- The first issues of each kind, as { row, column, field, code, params } (i18n keys, not text).
  issues jsonb NOT NULL DEFAULT '{"errors": [], "warnings": []}',
  -- Distinct places of the file with their match, candidates and the user's choice.
  places jsonb NOT NULL DEFAULT '[]',
  job_id uuid,
  committed jsonb,                     -- counts written by the commit
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz,
  PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX supplier_imports_id_key ON supplier_imports (id);
CREATE INDEX supplier_imports_recent_idx ON supplier_imports (organization_id, created_at DESC);

ALTER TABLE supplier_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY supplier_imports_tenant ON supplier_imports
  USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
GRANT SELECT, INSERT, UPDATE ON supplier_imports TO vigia_app;
