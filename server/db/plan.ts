/**
 * Prefix for a statement whose best plan depends on which tenant it reads: a list or a count
 * over `organization_id = $1` with a search or filters. On a PostgreSQL server parameterised
 * statements are prepared once per connection (server/db/postgres.ts), and after five runs the
 * server may keep a generic plan, made for a tenant of average size. Tenants are not alike (one
 * may hold a hundred times the suppliers of another): the supplier search of a 40,000-supplier
 * tenant went from a nested loop over the matches (20 ms) to a scan of all its suppliers (28 ms),
 * and more as the tenant grows. Statements with this prefix run unnamed, so each call is planned
 * with its own tenant and values. PGlite plans every statement per call anyway.
 */
export const PLAN_PER_CALL = '/* plan per call */ ';

export const planPerCall = (sql: string): string => PLAN_PER_CALL + sql;
