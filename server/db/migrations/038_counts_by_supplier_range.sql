-- A whole-organisation re-scoring counts its batches by supplier range (issue 12, re-scoring).
--
-- Each batch of a whole-organisation run is a slice of the supplier id order (rescore.queries.ts,
-- BatchScope). Its write transaction took the batch's counts off and back (031's
-- org_counts_rescored) by passing every site and supplier id it rewrote: two arrays of 20,000 and
-- 30,000 uuids, sent and parsed twice per batch and probed one by one. Measured on a weights
-- change at 100,000 suppliers: 1.75 s of the database's 7.3 s. The same counts over the slice's
-- range read both pointer tables' supplier indexes as ranges: 46 ms against 150 ms per call.
--
-- A range may cover more than what was rewritten (suppliers whose scores did not change): like a
-- superset of ids, those add and subtract the same. Sites never move between suppliers, so a
-- site's pointer is in the range of its supplier before and after. Null bounds are open ends.
CREATE FUNCTION org_counts_rescored_range(after uuid, up_to uuid, sign int) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  org uuid := app_org();
  -- Bounds as index conditions even in a generic plan (an `after IS NULL OR …` would not be one).
  lo uuid := coalesce(after, '00000000-0000-0000-0000-000000000000');
  hi uuid := coalesce(up_to, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
BEGIN
  IF sign NOT IN (-1, 1) THEN RAISE EXCEPTION 'org_counts_rescored_range: sign must be -1 or 1, not %', sign; END IF;
  IF org IS NULL THEN RAISE EXCEPTION 'org_counts_rescored_range: no tenant in this transaction'; END IF;
  PERFORM org_counts_add(coalesce((SELECT jsonb_agg(jsonb_build_object('organization_id', org, 'metric', x.metric, 'key', x.key, 'n', sign * x.n)) FROM (
      SELECT 'supplier_levels' AS metric, c.level AS key, count(*) AS n
        FROM supplier_score_current c JOIN suppliers s ON s.organization_id = c.organization_id AND s.id = c.supplier_id
       WHERE c.organization_id = org AND c.supplier_id BETWEEN lo AND hi AND c.supplier_id IS DISTINCT FROM after
         AND s.status <> 'archived'
       GROUP BY c.level
      UNION ALL
      SELECT 'site_score_datasets', coalesce(c.dataset_id::text, ''), count(*)
        FROM site_score_current c
       WHERE c.organization_id = org AND c.supplier_id BETWEEN lo AND hi AND c.supplier_id IS DISTINCT FROM after
       GROUP BY 2
    ) x), '[]'));
END $$;
REVOKE ALL ON FUNCTION org_counts_rescored_range(uuid, uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org_counts_rescored_range(uuid, uuid, int) TO vigia_app;
