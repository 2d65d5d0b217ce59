-- Risk scores: each tenant's scoring weights, one row per re-scoring run (with the weights
-- it used), and the append-only history of site and supplier scores with the current one
-- flagged. The engine is server/scoring/; how rows are written: server/scores/README.md.

CREATE TABLE scoring_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  -- The tenant's override only (any subset); defaults are merged in by parseWeights().
  weights jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(weights) = 'object'),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One re-scoring pass. Holds the weights snapshot once instead of repeating it on every
-- score row (150,000 copies of the same object would dominate the write).
CREATE TABLE score_runs (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  job_id uuid,
  reason text NOT NULL,
  -- NULL = the whole organisation; otherwise the suppliers asked for.
  supplier_ids uuid[],
  weights jsonb NOT NULL,
  weights_custom boolean NOT NULL,
  dataset_id uuid REFERENCES risk_datasets(id),
  dataset_version text,
  engine_version text NOT NULL,
  sector_table_version text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  suppliers_scored int,
  sites_scored int,
  scores_written int,
  unchanged int,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX score_runs_recent_idx ON score_runs (organization_id, started_at DESC);

-- No foreign keys to sites/suppliers/score_runs: history outlives an archived or deleted
-- site, and a bulk write of 150,000 rows would pay one trigger per row and key. Readers join.
-- Few indexes for the same reason: the key (site first) serves the history of a site.
CREATE TABLE site_scores (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL,
  site_id uuid NOT NULL,
  supplier_id uuid NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  territorial numeric(5,2) NOT NULL,
  sector numeric(5,2) NOT NULL,
  workforce numeric(5,2) NOT NULL,
  inherent numeric(5,2) NOT NULL CHECK (inherent BETWEEN 0 AND 100),
  residual numeric(5,2) NOT NULL CHECK (residual BETWEEN 0 AND 100),
  inherent_level text NOT NULL CHECK (inherent_level IN ('low', 'medium', 'high', 'critical')),
  level text NOT NULL CHECK (level IN ('low', 'medium', 'high', 'critical')),
  flags text[] NOT NULL DEFAULT '{}',
  -- Arithmetic of each component, [component, value, weight, contribution] (server/scores/stored-score.ts).
  explanation jsonb NOT NULL CHECK (jsonb_typeof(explanation) = 'array'),
  -- What the engine read: territory code, sector, commodities, workforce, assessment. With
  -- dataset_id (its value for the territory), the run's weights and engine_version they
  -- reproduce the score and its full explanation.
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  dataset_id uuid,
  assessment_id uuid,
  engine_version text NOT NULL,
  -- Hash of inputs + weights + versions: an equal hash means an equal score, so nothing is written.
  input_hash text NOT NULL,
  is_current boolean NOT NULL DEFAULT true,
  PRIMARY KEY (organization_id, site_id, id)
);
CREATE UNIQUE INDEX site_scores_current_key ON site_scores (organization_id, site_id) WHERE is_current;
CREATE INDEX site_scores_supplier_idx ON site_scores (organization_id, supplier_id) WHERE is_current;

CREATE TABLE supplier_scores (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL,
  supplier_id uuid NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  -- The worst site's level; a supplier without active sites is scored from its own data.
  level text NOT NULL CHECK (level IN ('low', 'medium', 'high', 'critical')),
  site_count int NOT NULL CHECK (site_count >= 0),
  worst_site_id uuid,
  worst_residual numeric(5,2) NOT NULL,
  worst_inherent numeric(5,2) NOT NULL,
  weighted_residual numeric(5,2) NOT NULL,
  weighted_inherent numeric(5,2) NOT NULL,
  weighted_level text NOT NULL CHECK (weighted_level IN ('low', 'medium', 'high', 'critical')),
  flags text[] NOT NULL DEFAULT '{}',
  explanation jsonb NOT NULL CHECK (jsonb_typeof(explanation) = 'array'),
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  dataset_id uuid,
  engine_version text NOT NULL,
  input_hash text NOT NULL,
  is_current boolean NOT NULL DEFAULT true,
  PRIMARY KEY (organization_id, supplier_id, id)
);
CREATE UNIQUE INDEX supplier_scores_current_key ON supplier_scores (organization_id, supplier_id) WHERE is_current;

ALTER TABLE scoring_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY scoring_settings_tenant ON scoring_settings USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE score_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY score_runs_tenant ON score_runs USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE site_scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_scores_tenant ON site_scores USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE supplier_scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY supplier_scores_tenant ON supplier_scores USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

-- History is append-only for the app: it may add rows and flip is_current, nothing else.
REVOKE ALL ON scoring_settings, score_runs, site_scores, supplier_scores FROM vigia_app;
GRANT SELECT, INSERT, UPDATE ON scoring_settings TO vigia_app;
GRANT SELECT, INSERT ON score_runs TO vigia_app;
GRANT UPDATE (finished_at, suppliers_scored, sites_scored, scores_written, unchanged) ON score_runs TO vigia_app;
GRANT SELECT, INSERT ON site_scores, supplier_scores TO vigia_app;
GRANT UPDATE (is_current) ON site_scores, supplier_scores TO vigia_app;
