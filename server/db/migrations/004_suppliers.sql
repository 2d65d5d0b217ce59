-- Suppliers, their work sites and the supply graph between suppliers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE suppliers (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text,
  tax_id text,                         -- RFC, normalised upper-case
  legal_name text NOT NULL,
  trade_name text,
  sector_code text,                    -- SCIAN code (2–6 digits)
  commodities text[] NOT NULL DEFAULT '{}',
  tier int NOT NULL DEFAULT 1 CHECK (tier >= 1),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'archived')),
  tags text[] NOT NULL DEFAULT '{}',
  notes text,
  contact_name text,
  contact_email text,
  contact_phone text,
  search_text text NOT NULL DEFAULT '', -- lower-case, unaccented names + RFC + external id, for trigram search
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX suppliers_id_key ON suppliers (id);
CREATE UNIQUE INDEX suppliers_tax_id_key ON suppliers (organization_id, tax_id) WHERE tax_id IS NOT NULL;
CREATE UNIQUE INDEX suppliers_external_id_key ON suppliers (organization_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX suppliers_list_idx ON suppliers (organization_id, status, legal_name);
CREATE INDEX suppliers_sector_idx ON suppliers (organization_id, sector_code);
CREATE INDEX suppliers_tier_idx ON suppliers (organization_id, tier);
CREATE INDEX suppliers_search_idx ON suppliers USING gin (search_text gin_trgm_ops);

-- "child supplies parent": a directed edge of the supply graph (a supplier may supply several).
CREATE TABLE supplier_links (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  parent_id uuid NOT NULL,
  child_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, parent_id, child_id),
  FOREIGN KEY (organization_id, parent_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, child_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE,
  CHECK (parent_id <> child_id)
);
CREATE INDEX supplier_links_child_idx ON supplier_links (organization_id, child_id);

CREATE TABLE sites (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL,
  external_id text,
  name text NOT NULL,
  address text,
  territory_code text,                 -- INEGI CVEGEO (5 digits) or CVE_ENT (2 digits) when only the state is known
  state_code text,                     -- CVE_ENT, denormalised for filters
  latitude numeric(9,6) CHECK (latitude BETWEEN -90 AND 90),
  longitude numeric(9,6) CHECK (longitude BETWEEN -180 AND 180),
  -- Workforce composition: counts only, never names (minimum data about minors).
  workforce_total int CHECK (workforce_total >= 0),
  workforce_women int CHECK (workforce_women >= 0),
  workforce_adolescents int CHECK (workforce_adolescents >= 0),
  workforce_seasonal int CHECK (workforce_seasonal >= 0),
  workforce_migrant int CHECK (workforce_migrant >= 0),
  workforce_indigenous int CHECK (workforce_indigenous >= 0),
  workforce_family int CHECK (workforce_family >= 0),
  workforce_subcontracted int CHECK (workforce_subcontracted >= 0),
  activities text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, supplier_id) REFERENCES suppliers (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sites_id_key ON sites (id);
CREATE INDEX sites_supplier_idx ON sites (organization_id, supplier_id);
CREATE INDEX sites_territory_idx ON sites (organization_id, territory_code);
CREATE INDEX sites_state_idx ON sites (organization_id, state_code);
CREATE UNIQUE INDEX sites_external_id_key ON sites (organization_id, supplier_id, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
CREATE POLICY suppliers_tenant ON suppliers USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE supplier_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY supplier_links_tenant ON supplier_links USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
CREATE POLICY sites_tenant ON sites USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());
GRANT SELECT, INSERT, UPDATE, DELETE ON suppliers, supplier_links, sites TO vigia_app;
