-- The site type-ahead (GET /sites/lookup, server/suppliers/site-lookup.*), which replaced
-- selects capped at 2,000 sites. Folding each name in the query (translate(lower(name)))
-- scanned every site of the tenant: about 0.4 s a keystroke at 30,000 sites on PGlite.
-- Site names are now folded once, as suppliers.search_text is (lower-case, without the
-- usual Spanish accents), with a trigram index. As for suppliers (010), under row-level
-- security the planner may not use that index for LIKE, so the indexed LIKE runs as the
-- owner in a function scoped by app_org(): the caller's own tenant, never an argument.
ALTER TABLE sites ADD COLUMN search_text text
  GENERATED ALWAYS AS (translate(lower(name), 'áàâäãéèêëíìîïóòôöõúùûüñç', 'aaaaaeeeeiiiiooooouuuunc')) STORED;
CREATE INDEX sites_search_idx ON sites USING gin (search_text gin_trgm_ops);

CREATE FUNCTION site_ids_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 200 AS
  $$ SELECT id FROM sites WHERE organization_id = app_org() AND search_text LIKE pattern $$;
REVOKE ALL ON FUNCTION site_ids_matching(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION site_ids_matching(text) TO vigia_app;
