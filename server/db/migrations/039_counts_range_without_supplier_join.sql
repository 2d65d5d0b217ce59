-- A batch's range is counted without reading every supplier of it (issue 12, re-scoring).
--
-- 038's org_counts_rescored_range left out archived suppliers by joining each counted pointer to
-- its supplier: 20,000 probes of the suppliers table per call, twice per batch. Measured on a
-- tenant of 100,000 suppliers after a weights change, counting a range of 20,000 suppliers took
-- 64-67 ms with the join and 30-32 ms this way. Archived suppliers are few, so they are looked up
-- in an index of archived suppliers only, and the pointers of the range are counted alone. The same rows are counted: a pointer's supplier exists as long
-- as the pointer does (suppliers are deleted only with their organisation, and the pointers with it).
--
-- A count of one batch's range is small work: no parallel workers, whose start-up cost more
-- than the count.
CREATE INDEX suppliers_archived_idx ON suppliers (organization_id, id) WHERE status = 'archived';

CREATE OR REPLACE FUNCTION org_counts_rescored_range(after uuid, up_to uuid, sign int) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET max_parallel_workers_per_gather = 0 AS $$
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
        FROM supplier_score_current c
       WHERE c.organization_id = org AND c.supplier_id BETWEEN lo AND hi AND c.supplier_id IS DISTINCT FROM after
         AND NOT EXISTS (SELECT 1 FROM suppliers s WHERE s.organization_id = org AND s.id = c.supplier_id AND s.status = 'archived')
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
