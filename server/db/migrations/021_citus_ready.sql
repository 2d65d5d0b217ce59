-- Ready for Citus, distributed by organization_id: on a distributed table every unique index
-- must contain the distribution column. The single-column `id` keys become plain indexes
-- (lookups by id stay fast; the primary keys (organization_id, id) keep ids unique per tenant,
-- and gen_random_uuid() makes them unique everywhere in practice). Token and key-prefix
-- lookups, which arrive without a tenant, keep a plain index and become unique per tenant:
-- they are 256-bit random values, so a collision across tenants is not a practical event.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname AS tbl, i.relname AS idx, con.conname AS constraint_name,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
              FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS cols
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class c ON c.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.contype IN ('u', 'p')
     WHERE ix.indisunique AND NOT ix.indisprimary
       AND c.relname <> 'audit_log'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)
       AND NOT EXISTS (SELECT 1 FROM unnest(ix.indkey) k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k
                        WHERE a.attname = 'organization_id')
  LOOP
    IF r.constraint_name IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.constraint_name);
    ELSE
      EXECUTE format('DROP INDEX %I', r.idx);
    END IF;
    EXECUTE format('CREATE INDEX %I ON %I (%s)', r.idx || '_lookup', r.tbl, r.cols);
    IF r.cols <> 'id' THEN
      EXECUTE format('CREATE UNIQUE INDEX %I ON %I (organization_id, %s)', r.idx || '_per_org', r.tbl, r.cols);
    END IF;
  END LOOP;
END $$;
