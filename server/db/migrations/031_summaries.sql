-- Per-organisation counts for the dashboard, the score list and the supplier list (issue 12):
-- at 100,000 suppliers recounting the tenant on every view took a second. The counts are kept
-- exact inside the writing transaction, so a reader sees the same numbers a recount would
-- (test/summaries/ compares them after every kind of change): by statement-level triggers on
-- suppliers, sites and assessments (with transition tables, a COPY of 100,000 rows pays one
-- grouped query, not one trigger call per row), and by the re-scoring for scores (below).
--
-- What each metric counts (`key` in brackets), mirroring the queries the pages ran before:
--   suppliers             [status]     every supplier
--   sites                 ['']         active sites of suppliers that are not archived
--   supplier_levels       [level]      current supplier scores of suppliers that are not archived
--   assessments           [status]     assessments of suppliers that are not archived
--   assessments_due       [status YYYY-MM-DD]  the same with a due date, by due date (overdue
--                                       ones are those keyed before today: "today" moves, the counts need not)
--   site_score_datasets   [dataset id, '' for none]  current site scores (stale-score notice)
-- A missing row is a zero.
--
-- The price: a writer holds the counter rows it changed until it commits, so two transactions
-- of one organisation that change the same count (say, an import's commit and someone adding
-- a supplier) run one after the other, and two that take counters in opposite orders can
-- deadlock (PostgreSQL aborts one; the request fails and may be retried). Other organisations
-- are never affected. If that bites, append delta rows and sum them on read instead.
CREATE TABLE org_counts (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  metric text NOT NULL CHECK (metric IN ('suppliers', 'sites', 'supplier_levels', 'assessments', 'assessments_due', 'site_score_datasets')),
  key text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (organization_id, metric, key)
);

ALTER TABLE org_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_counts_tenant ON org_counts
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
-- Readers only: the triggers below write as the owner.
REVOKE ALL ON org_counts FROM vigia_app;
GRANT SELECT ON org_counts TO vigia_app;

-- Adds grouped deltas. Rows are locked in key order so two writers of one tenant wait for each
-- other instead of deadlocking; an organisation being deleted (its row already gone in the
-- cascade) is skipped.
CREATE FUNCTION org_counts_add(deltas jsonb) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO org_counts AS c (organization_id, metric, key, n)
  SELECT d.organization_id, d.metric, d.key, sum(d.n)
    FROM jsonb_to_recordset(deltas) AS d(organization_id uuid, metric text, key text, n bigint)
   WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.organization_id)
   GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, metric, key) DO UPDATE SET n = c.n + excluded.n
$$;
REVOKE ALL ON FUNCTION org_counts_add(jsonb) FROM PUBLIC;

-- Recounts one organisation from scratch: the backfill below, and after suppliers are deleted
-- (their sites and assessments go by cascade, whose triggers can no longer see whether the
-- supplier was archived). Deleting suppliers only happens with the organisation itself.
CREATE FUNCTION org_counts_refresh(org uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  DELETE FROM org_counts WHERE organization_id = org;
  IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = org) THEN RETURN; END IF;
  INSERT INTO org_counts (organization_id, metric, key, n)
  SELECT org, 'suppliers', s.status, count(*) FROM suppliers s WHERE s.organization_id = org GROUP BY s.status
  UNION ALL
  SELECT org, 'sites', '', count(*) FROM sites x JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id
   WHERE x.organization_id = org AND x.status = 'active' AND s.status <> 'archived' HAVING count(*) > 0
  UNION ALL
  SELECT org, 'supplier_levels', c.level, count(*) FROM supplier_scores c
    JOIN suppliers s ON s.organization_id = c.organization_id AND s.id = c.supplier_id
   WHERE c.organization_id = org AND c.is_current AND s.status <> 'archived' GROUP BY c.level
  UNION ALL
  SELECT org, 'assessments', a.status, count(*) FROM assessments a
    JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
   WHERE a.organization_id = org AND s.status <> 'archived' GROUP BY a.status
  UNION ALL
  SELECT org, 'assessments_due', a.status || ' ' || to_char(a.due_date, 'YYYY-MM-DD'), count(*) FROM assessments a
    JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
   WHERE a.organization_id = org AND s.status <> 'archived' AND a.due_date IS NOT NULL GROUP BY 3
  UNION ALL
  SELECT org, 'site_score_datasets', coalesce(c.dataset_id::text, ''), count(*) FROM site_scores c
   WHERE c.organization_id = org AND c.is_current GROUP BY 3;
END $$;
REVOKE ALL ON FUNCTION org_counts_refresh(uuid) FROM PUBLIC;

-- Each trigger adds what the statement's new rows count and subtracts what its old rows
-- counted, judged against the other tables as they are now (a statement changes one table, so
-- they are as they were). An UPDATE has both sets; INSERT only new rows, DELETE only old ones.

CREATE FUNCTION org_counts_sites() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  deltas jsonb := '[]';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    deltas := deltas || coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', 'sites', 'key', '', 'n', x.n))
      FROM (SELECT r.organization_id, count(*) AS n FROM new_rows r
              JOIN suppliers s ON s.organization_id = r.organization_id AND s.id = r.supplier_id
             WHERE r.status = 'active' AND s.status <> 'archived' GROUP BY 1) x), '[]');
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    deltas := deltas || coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', 'sites', 'key', '', 'n', -x.n))
      FROM (SELECT r.organization_id, count(*) AS n FROM old_rows r
              JOIN suppliers s ON s.organization_id = r.organization_id AND s.id = r.supplier_id
             WHERE r.status = 'active' AND s.status <> 'archived' GROUP BY 1) x), '[]');
  END IF;
  IF deltas <> '[]' THEN PERFORM org_counts_add(deltas); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION org_counts_assessments() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  deltas jsonb := '[]';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    deltas := deltas || coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', x.metric, 'key', x.key, 'n', x.n))
      FROM (SELECT r.organization_id, m.metric, m.key, count(*) AS n FROM new_rows r
              JOIN suppliers s ON s.organization_id = r.organization_id AND s.id = r.supplier_id
              CROSS JOIN LATERAL (VALUES ('assessments', r.status), ('assessments_due', r.status || ' ' || to_char(r.due_date, 'YYYY-MM-DD'))) m(metric, key)
             WHERE s.status <> 'archived' AND m.key IS NOT NULL GROUP BY 1, 2, 3) x), '[]');
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    deltas := deltas || coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', x.metric, 'key', x.key, 'n', -x.n))
      FROM (SELECT r.organization_id, m.metric, m.key, count(*) AS n FROM old_rows r
              JOIN suppliers s ON s.organization_id = r.organization_id AND s.id = r.supplier_id
              CROSS JOIN LATERAL (VALUES ('assessments', r.status), ('assessments_due', r.status || ' ' || to_char(r.due_date, 'YYYY-MM-DD'))) m(metric, key)
             WHERE s.status <> 'archived' AND m.key IS NOT NULL GROUP BY 1, 2, 3) x), '[]');
  END IF;
  IF deltas <> '[]' THEN PERFORM org_counts_add(deltas); END IF;
  RETURN NULL;
END $$;

-- Scores are not counted by triggers: a transition table holds a copy of every row a
-- statement touched, and a re-scoring retires and writes 100,000s of wide rows (capturing them
-- alone doubled the time of retiring 100,000 supplier scores). The re-scoring's write
-- transaction calls this instead, around its writes, for the sites and suppliers it rewrites:
-- -1 before (what their current scores counted), +1 after (server/summaries/score-counts.ts).
-- Only the caller's own tenant (app_org()); the ids narrow it, they cannot widen it.
CREATE FUNCTION org_counts_rescored(site_ids uuid[], supplier_ids uuid[], sign int) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  org uuid := app_org();
BEGIN
  IF sign NOT IN (-1, 1) THEN RAISE EXCEPTION 'org_counts_rescored: sign must be -1 or 1, not %', sign; END IF;
  IF org IS NULL THEN RAISE EXCEPTION 'org_counts_rescored: no tenant in this transaction'; END IF;
  PERFORM org_counts_add(coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', org, 'metric', x.metric, 'key', x.key, 'n', sign * x.n)) FROM (
      SELECT 'supplier_levels' AS metric, c.level AS key, count(*) AS n
        FROM supplier_scores c JOIN suppliers s ON s.organization_id = c.organization_id AND s.id = c.supplier_id
       WHERE c.organization_id = org AND c.is_current AND c.supplier_id = ANY(supplier_ids) AND s.status <> 'archived'
       GROUP BY c.level
      UNION ALL
      SELECT 'site_score_datasets', coalesce(c.dataset_id::text, ''), count(*)
        FROM site_scores c
       WHERE c.organization_id = org AND c.is_current AND c.site_id = ANY(site_ids)
       GROUP BY 2
    ) x), '[]'));
END $$;
REVOKE ALL ON FUNCTION org_counts_rescored(uuid[], uuid[], int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org_counts_rescored(uuid[], uuid[], int) TO vigia_app;

-- Suppliers: the count by status, and when a supplier is archived or brought back, everything
-- counted only for suppliers that are not archived (its active sites, current score, assessments).
-- (Only the status matters: organisation and id never change.)
-- Inserted suppliers have nothing of their own yet (sites and assessments reference them).
CREATE FUNCTION org_counts_suppliers() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  deltas jsonb := '[]';
  org uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    FOR org IN SELECT DISTINCT organization_id FROM old_rows LOOP
      PERFORM org_counts_refresh(org);
    END LOOP;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    deltas := coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', 'suppliers', 'key', x.status, 'n', x.n))
      FROM (SELECT organization_id, status, count(*) AS n FROM new_rows GROUP BY 1, 2) x), '[]');
  ELSE
    deltas := coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'metric', x.metric, 'key', x.key, 'n', x.n)) FROM (
        WITH changed AS (
          SELECT n.organization_id, n.id, o.status AS was, n.status AS became
            FROM old_rows o JOIN new_rows n ON n.organization_id = o.organization_id AND n.id = o.id
           WHERE o.status IS DISTINCT FROM n.status
        ), moved AS (
          SELECT organization_id, id, CASE WHEN became = 'archived' THEN -1 ELSE 1 END AS sign
            FROM changed WHERE (was = 'archived') <> (became = 'archived')
        )
        SELECT organization_id, 'suppliers' AS metric, became AS key, count(*) AS n FROM changed GROUP BY 1, 3
        UNION ALL
        SELECT organization_id, 'suppliers', was, -count(*) FROM changed GROUP BY 1, 3
        UNION ALL
        SELECT m.organization_id, 'sites', '', sum(m.sign)
          FROM moved m JOIN sites x ON x.organization_id = m.organization_id AND x.supplier_id = m.id
         WHERE x.status = 'active' GROUP BY 1
        UNION ALL
        SELECT m.organization_id, 'supplier_levels', c.level, sum(m.sign)
          FROM moved m JOIN supplier_scores c ON c.organization_id = m.organization_id AND c.supplier_id = m.id AND c.is_current
         GROUP BY 1, 3
        UNION ALL
        SELECT m.organization_id, 'assessments', a.status, sum(m.sign)
          FROM moved m JOIN assessments a ON a.organization_id = m.organization_id AND a.supplier_id = m.id
         GROUP BY 1, 3
        UNION ALL
        SELECT m.organization_id, 'assessments_due', a.status || ' ' || to_char(a.due_date, 'YYYY-MM-DD'), sum(m.sign)
          FROM moved m JOIN assessments a ON a.organization_id = m.organization_id AND a.supplier_id = m.id
         WHERE a.due_date IS NOT NULL GROUP BY 1, 3
      ) x), '[]');
  END IF;
  IF deltas <> '[]' THEN PERFORM org_counts_add(deltas); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER org_counts_ins AFTER INSERT ON suppliers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_suppliers();
CREATE TRIGGER org_counts_upd AFTER UPDATE ON suppliers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_suppliers();
CREATE TRIGGER org_counts_del AFTER DELETE ON suppliers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_suppliers();

CREATE TRIGGER org_counts_ins AFTER INSERT ON sites REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_sites();
CREATE TRIGGER org_counts_upd AFTER UPDATE ON sites REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_sites();
CREATE TRIGGER org_counts_del AFTER DELETE ON sites REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_sites();

CREATE TRIGGER org_counts_ins AFTER INSERT ON assessments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_assessments();
CREATE TRIGGER org_counts_upd AFTER UPDATE ON assessments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_assessments();
CREATE TRIGGER org_counts_del AFTER DELETE ON assessments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_counts_assessments();



-- Existing organisations start from a recount.
SELECT org_counts_refresh(id) FROM organizations;

-- The score list reads the worst residual first straight from an index (first pages without a
-- sort of every score); the supplier is joined per row.
CREATE INDEX supplier_scores_worst_idx ON supplier_scores (organization_id, worst_residual DESC) WHERE is_current;

-- The dashboard's first overdue assessments, earliest due first, read in that order
-- (the statuses are OVERDUE_STATUSES in server/home/dashboard.queries.ts).
CREATE INDEX assessments_overdue_idx ON assessments (organization_id, due_date, id) WHERE status IN ('sent', 'in_progress', 'returned');
