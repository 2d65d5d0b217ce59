-- The supplier list at 100,000 suppliers per tenant (scripts/bench/suppliers-list.ts).

-- Name search. Under row-level security the planner may not use the trigram index for LIKE
-- (textlike is not leakproof), so every search was a full scan of the tenant's suppliers.
-- This runs the indexed LIKE as the owner, scoped by app_org(): the caller's own tenant,
-- never an argument, so it cannot reach another organisation's rows.
CREATE FUNCTION supplier_ids_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 200 AS
  $$ SELECT id FROM suppliers WHERE organization_id = app_org() AND search_text LIKE pattern $$;
REVOKE ALL ON FUNCTION supplier_ids_matching(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supplier_ids_matching(text) TO vigia_app;

-- Sorted pages read in index order instead of sorting every supplier of the tenant; with the
-- status included, counting and skipping to a far page (OFFSET) need not touch the table.
CREATE INDEX suppliers_name_order_idx ON suppliers (organization_id, legal_name, id) INCLUDE (status);
CREATE INDEX suppliers_tier_order_idx ON suppliers (organization_id, tier, legal_name, id) INCLUDE (status);
CREATE INDEX suppliers_updated_order_idx ON suppliers (organization_id, updated_at DESC, id) INCLUDE (status);
