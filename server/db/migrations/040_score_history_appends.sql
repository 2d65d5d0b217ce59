-- Score history is appended in time order, and each row names the row it replaced (issue 12, re-scoring).
--
-- The history's key was (organization_id, site_id, id): every new row of a re-scoring went into the
-- key at a random place, one page per site, so a weights change touched most of the key's pages and,
-- once the key outgrew the server's buffers, read them back from the operating system one by one.
-- Measured with bench:score on PostgreSQL, fresh databases, the old and new code in turn (2026-12-05,
-- stop 15): the database's CPU for a weights change fell from 5.0-5.7 s to 4.6-4.8 s on a young
-- history, and the gap grows with the history (docs/benchmarks.md).
--
-- Now the key is (organization_id, id), and ids are time-ordered (server/db/ids.ts), so new rows go
-- to the end of the key. A site's (supplier's) history is no longer a range of that key: it is a
-- chain. Each row's previous_id names the row it replaced, and readers walk the chain from the
-- current pointer (score.queries.ts). The re-scoring moves a pointer only if it still names the row the
-- new one says it replaced, under the organisation's lock, so two runs cannot both chain to one row.
--
-- A site that stops being scored (archived) loses its pointer; its last row is kept in
-- site_score_ended so that its history can still be read, and so that a restored site's next row
-- continues the same chain.

ALTER TABLE site_scores ADD COLUMN previous_id uuid;
ALTER TABLE supplier_scores ADD COLUMN previous_id uuid;

-- Existing rows: each one's predecessor is the row of the same site (supplier) computed just before it.
UPDATE site_scores s SET previous_id = x.prev
  FROM (SELECT organization_id, id, lag(id) OVER (PARTITION BY organization_id, site_id ORDER BY computed_at, id) AS prev FROM site_scores) x
 WHERE x.organization_id = s.organization_id AND x.id = s.id AND x.prev IS NOT NULL;
UPDATE supplier_scores s SET previous_id = x.prev
  FROM (SELECT organization_id, id, lag(id) OVER (PARTITION BY organization_id, supplier_id ORDER BY computed_at, id) AS prev FROM supplier_scores) x
 WHERE x.organization_id = s.organization_id AND x.id = s.id AND x.prev IS NOT NULL;

ALTER TABLE site_scores DROP CONSTRAINT site_scores_pkey, ADD PRIMARY KEY (organization_id, id);
ALTER TABLE supplier_scores DROP CONSTRAINT supplier_scores_pkey, ADD PRIMARY KEY (organization_id, id);

-- The row the current score replaced (its previous_id), kept beside the pointer: a re-scoring moves the
-- pointer only where it still names the row that the new score's previous_id names (rescore.queries.ts).
-- Not indexed: moving a site's pointer stays a heap-only update.
ALTER TABLE site_score_current ADD COLUMN previous_score_id uuid;
ALTER TABLE supplier_score_current ADD COLUMN previous_score_id uuid;
UPDATE site_score_current p SET previous_score_id = c.previous_id
  FROM site_scores c WHERE c.organization_id = p.organization_id AND c.id = p.score_id AND c.previous_id IS NOT NULL;
UPDATE supplier_score_current p SET previous_score_id = c.previous_id
  FROM supplier_scores c WHERE c.organization_id = p.organization_id AND c.id = p.score_id AND c.previous_id IS NOT NULL;

-- The last score of a site (supplier) that has no current one: where its history chain starts.
CREATE TABLE site_score_ended (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  site_id uuid NOT NULL,
  -- The re-scoring reads a batch's rows by supplier.
  supplier_id uuid NOT NULL,
  score_id uuid NOT NULL,
  PRIMARY KEY (organization_id, site_id)
);
CREATE INDEX site_score_ended_supplier_idx ON site_score_ended (organization_id, supplier_id);
CREATE TABLE supplier_score_ended (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  supplier_id uuid NOT NULL,
  score_id uuid NOT NULL,
  PRIMARY KEY (organization_id, supplier_id)
);
INSERT INTO site_score_ended (organization_id, site_id, supplier_id, score_id)
  SELECT DISTINCT ON (c.organization_id, c.site_id) c.organization_id, c.site_id, c.supplier_id, c.id FROM site_scores c
   WHERE NOT EXISTS (SELECT 1 FROM site_score_current p WHERE p.organization_id = c.organization_id AND p.site_id = c.site_id)
   ORDER BY c.organization_id, c.site_id, c.computed_at DESC, c.id DESC;
INSERT INTO supplier_score_ended (organization_id, supplier_id, score_id)
  SELECT DISTINCT ON (c.organization_id, c.supplier_id) c.organization_id, c.supplier_id, c.id FROM supplier_scores c
   WHERE NOT EXISTS (SELECT 1 FROM supplier_score_current p WHERE p.organization_id = c.organization_id AND p.supplier_id = c.supplier_id)
   ORDER BY c.organization_id, c.supplier_id, c.computed_at DESC, c.id DESC;

ALTER TABLE site_score_ended ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_score_ended_tenant ON site_score_ended
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
ALTER TABLE supplier_score_ended ENABLE ROW LEVEL SECURITY;
CREATE POLICY supplier_score_ended_tenant ON supplier_score_ended
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
REVOKE ALL ON site_score_ended, supplier_score_ended FROM vigia_app;
GRANT SELECT, INSERT, UPDATE ON site_score_ended, supplier_score_ended TO vigia_app;

-- The views list every column of the history: recreated so that they show previous_id too.
CREATE OR REPLACE VIEW current_site_scores WITH (security_invoker = true) AS
  SELECT c.* FROM site_score_current p
    JOIN site_scores c ON c.organization_id = p.organization_id AND c.site_id = p.site_id AND c.id = p.score_id
     AND c.supplier_id = p.supplier_id;
CREATE OR REPLACE VIEW current_supplier_scores WITH (security_invoker = true) AS
  SELECT c.* FROM supplier_score_current p
    JOIN supplier_scores c ON c.organization_id = p.organization_id AND c.supplier_id = p.supplier_id AND c.id = p.score_id;
-- previous_id lands before is_current, which CREATE OR REPLACE does not allow: dropped and made again.
DROP VIEW site_score_history, supplier_score_history;
CREATE VIEW site_score_history WITH (security_invoker = true) AS
  SELECT c.*, p.score_id IS NOT NULL AS is_current FROM site_scores c
    LEFT JOIN site_score_current p ON p.organization_id = c.organization_id AND p.site_id = c.site_id AND p.score_id = c.id;
CREATE VIEW supplier_score_history WITH (security_invoker = true) AS
  SELECT c.*, p.score_id IS NOT NULL AS is_current FROM supplier_scores c
    LEFT JOIN supplier_score_current p ON p.organization_id = c.organization_id AND p.supplier_id = c.supplier_id AND p.score_id = c.id;
REVOKE ALL ON site_score_history, supplier_score_history FROM vigia_app;
GRANT SELECT ON site_score_history, supplier_score_history TO vigia_app;
