-- Territories (INEGI states and municipalities) and imported CLRISK risk datasets.
-- Both are global reference data shared by every tenant: requests (vigia_app) may only
-- read them; loads and imports run as the owner through Database.admin.

CREATE TABLE territories (
  -- 'MX-07' / 'MX-07089': one text key other features can reference and show in URLs.
  id text PRIMARY KEY,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  level text NOT NULL CHECK (level IN ('state', 'municipality')),
  -- INEGI CVE_ENT (2 digits) for a state, CVEGEO = CVE_ENT + CVE_MUN (5 digits) for a municipality.
  code text NOT NULL,
  name text NOT NULL,
  state_code text NOT NULL,
  parent_id text REFERENCES territories(id),
  abbreviation text,
  head_town text,
  -- NULL when the source has no census figure (municipalities created after the 2020 census).
  population integer CHECK (population IS NULL OR population >= 0),
  population_year smallint,
  created_after_census boolean NOT NULL DEFAULT false,
  -- Accent- and case-free name, for simple SQL look-ups; ranked search runs in memory.
  search_key text NOT NULL,
  UNIQUE (country, code),
  -- Target of risk_values' foreign key, so a value's level cannot disagree with its code.
  UNIQUE (country, level, code),
  CHECK (id = country || '-' || code),
  CHECK ((level = 'state' AND parent_id IS NULL) OR (level = 'municipality' AND parent_id IS NOT NULL)),
  CHECK (country <> 'MX' OR (level = 'state' AND code ~ '^[0-9]{2}$' AND state_code = code)
                         OR (level = 'municipality' AND code ~ '^[0-9]{5}$' AND left(code, 2) = state_code))
);
CREATE INDEX territories_state_idx ON territories (country, state_code, level);
CREATE INDEX territories_search_key_idx ON territories (country, search_key);

CREATE TABLE risk_datasets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  name text NOT NULL,
  version text NOT NULL,
  source text NOT NULL,
  year smallint NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  licence text NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  -- Ordered lowest → highest risk: [{"level": "low", "score": 0.2}, ...], scores strictly increasing in [0, 1].
  level_scale jsonb NOT NULL CHECK (jsonb_typeof(level_scale) = 'array' AND jsonb_array_length(level_scale) >= 2),
  factors jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(factors) = 'array'),
  -- 'retired' keeps a version for the scores that named it but takes it out of use.
  status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'retired')),
  is_active boolean NOT NULL DEFAULT false,
  row_count integer NOT NULL DEFAULT 0,
  file_name text,
  file_sha256 text,
  imported_by uuid REFERENCES users(id) ON DELETE SET NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  UNIQUE (country, version),
  UNIQUE (id, country),
  CHECK (NOT (is_active AND status = 'retired'))
);
-- At most one dataset in use per country; every score names the one it used.
CREATE UNIQUE INDEX risk_datasets_one_active ON risk_datasets (country) WHERE is_active;

CREATE TABLE risk_values (
  dataset_id uuid NOT NULL,
  country text NOT NULL,
  level text NOT NULL,
  code text NOT NULL,
  -- The model's index (e.g. a probability); NULL when the source publishes only the level.
  risk_index numeric,
  risk_level text NOT NULL,
  -- risk_level mapped through the dataset's level_scale, stored so readers need no mapping.
  score numeric NOT NULL CHECK (score >= 0 AND score <= 1),
  factor_weights jsonb CHECK (factor_weights IS NULL OR jsonb_typeof(factor_weights) = 'object'),
  PRIMARY KEY (dataset_id, code),
  FOREIGN KEY (dataset_id, country) REFERENCES risk_datasets (id, country) ON DELETE CASCADE,
  FOREIGN KEY (country, level, code) REFERENCES territories (country, level, code)
);
CREATE INDEX risk_values_level_idx ON risk_values (dataset_id, level);

-- Default privileges (001) would let the app write here; reference data is read-only for it.
REVOKE ALL ON territories, risk_datasets, risk_values FROM vigia_app;
GRANT SELECT ON territories, risk_datasets, risk_values TO vigia_app;
