-- A site's score inputs move out of its history rows into site_score_inputs, one row per
-- distinct inputs of a site. Inputs do not depend on the weights, so a weights change writes
-- no inputs at all, and retiring a current row (the is_current flip, a full new row version
-- because is_current is in the partial indexes' predicate) copies a row a third narrower.
-- server/scores/README.md, "Tables".

-- No foreign key from site_scores: a bulk write would pay one trigger per row (see 007).
CREATE TABLE site_score_inputs (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  site_id uuid NOT NULL,
  -- A fingerprint of the inputs' text: equal inputs of a site are stored once.
  inputs_key text NOT NULL,
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  PRIMARY KEY (organization_id, site_id, inputs_key)
);

ALTER TABLE site_score_inputs ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_score_inputs_tenant ON site_score_inputs
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
-- Append-only like the history it belongs to.
REVOKE ALL ON site_score_inputs FROM vigia_app;
GRANT SELECT, INSERT ON site_score_inputs TO vigia_app;

-- Existing history keeps its inputs: keyed by md5 of their text (the app keys new ones by its
-- own fingerprint; a key is only compared with keys of the same site, so the two never mix up
-- a row, at worst the first re-scoring stores a site's unchanged inputs once more).
ALTER TABLE site_scores ADD COLUMN inputs_key text;
UPDATE site_scores SET inputs_key = md5(inputs::text);
INSERT INTO site_score_inputs (organization_id, site_id, inputs_key, inputs)
SELECT DISTINCT ON (organization_id, site_id, inputs_key) organization_id, site_id, inputs_key, inputs
  FROM site_scores
 ORDER BY organization_id, site_id, inputs_key;
ALTER TABLE site_scores ALTER COLUMN inputs_key SET NOT NULL;
ALTER TABLE site_scores DROP COLUMN inputs;
