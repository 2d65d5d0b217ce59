import type { Database } from '../../server/db/types.ts';
import type { TestOrg } from '../support/factories.ts';

/**
 * A supplier (and optionally a site) for assessment tests. Written with plain SQL in the
 * tenant's own transaction because the supplier feature is built in parallel; it only
 * fills the columns assessments need.
 */
export async function addSupplier(db: Database, org: TestOrg, name = 'Proveedor de prueba', withSite = true): Promise<{ supplierId: string; siteId: string | null }> {
  return db.tx({ orgId: org.id, userId: org.users.owner.id }, async (q) => {
    const s = await q.query<{ id: string }>(
      `INSERT INTO suppliers (organization_id, legal_name, contact_email) VALUES (app_org(), $1, 'contacto@proveedor.test') RETURNING id`,
      [name],
    );
    const supplierId = s.rows[0].id;
    if (!withSite) return { supplierId, siteId: null };
    const site = await q.query<{ id: string }>(
      `INSERT INTO sites (organization_id, supplier_id, name, territory_code, state_code) VALUES (app_org(), $1, $2, '07089', '07') RETURNING id`,
      [supplierId, `${name} — finca`],
    );
    return { supplierId, siteId: site.rows[0].id };
  });
}
