-- Supplier import speed (issue 12): every index on suppliers is kept up row by row by a
-- 100,000-row import. These two are covered by the list indexes of 010_supplier_list.sql:
--   suppliers_tier_idx (organization_id, tier) is a prefix of suppliers_tier_order_idx;
--   suppliers_list_idx (organization_id, status, legal_name) serves the name-ordered list,
--   which suppliers_name_order_idx (organization_id, legal_name, id) INCLUDE (status) reads
--   in order and filters by status without touching the table.
DROP INDEX IF EXISTS suppliers_tier_idx;
DROP INDEX IF EXISTS suppliers_list_idx;
