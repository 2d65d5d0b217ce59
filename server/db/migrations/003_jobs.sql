-- Background jobs (imports, re-scoring, PDF reports, reminders). A table rather than
-- pg-boss: pg-boss needs a pg Pool and cannot run on the embedded PGlite database.
CREATE TABLE jobs (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  payload jsonb NOT NULL DEFAULT '{}',
  result jsonb,
  error jsonb,
  total int,
  done int NOT NULL DEFAULT 0,
  attempts int NOT NULL DEFAULT 0,
  run_after timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX jobs_queue_idx ON jobs (run_after) WHERE status = 'queued';
CREATE UNIQUE INDEX jobs_id_key ON jobs (id);
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant ON jobs USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
GRANT SELECT, INSERT, UPDATE ON jobs TO vigia_app;
