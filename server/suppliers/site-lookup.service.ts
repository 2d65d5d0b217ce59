import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { searchSitePicks, selectSitePick, sitesForText, type SitePick } from './site-lookup.queries.ts';
import { LOOKUP_LIMIT } from './supplier-lookup.service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The type-ahead writes "Site · Supplier"; a site name may itself hold " · ", so split at the last one. */
const SEPARATOR = ' · ';

export function sitePickLabel(s: SitePick): string {
  return `${s.name}${SEPARATOR}${s.supplierName}`;
}

/**
 * Site pickers as type-ahead searches (the site counterpart of supplier-lookup): a JSON search
 * for client/supplier-lookup.ts and a server-side resolution of the typed text for forms sent
 * without JavaScript. `supplierId` narrows both to one supplier's sites.
 */
export function createSiteLookupService(db: Database) {
  async function search(actor: Actor, text: string, supplierId: string | null): Promise<SitePick[]> {
    authorize(actor, 'suppliers.read');
    const clean = text.trim().slice(0, 120);
    if (clean.length < 2) return [];
    return db.tx(dbContext(actor), (q) => searchSitePicks(q, clean, supplierId && UUID.test(supplierId) ? supplierId : null, LOOKUP_LIMIT));
  }

  /**
   * The one site a typed value names, or an error on `field` (empty, unknown or ambiguous).
   * `messages` is the i18n prefix of those errors, for a form that calls sites otherwise.
   */
  async function resolve(actor: Actor, typed: string, field: string, o: { supplierId?: string | null; messages?: string } = {}): Promise<SitePick> {
    authorize(actor, 'suppliers.read');
    const supplierId = o.supplierId ?? null;
    const messages = o.messages ?? 'suppliers.siteLookup';
    const text = typed.trim().slice(0, 300);
    if (!text) throw new ValidationFailed([{ field, key: `${messages}.required` }]);
    const found = await db.tx(dbContext(actor), async (q) => {
      if (UUID.test(text)) {
        const one = await selectSitePick(q, text.toLowerCase());
        return one && (!supplierId || one.supplierId === supplierId) ? [one] : [];
      }
      const at = text.lastIndexOf(SEPARATOR);
      const exact = at > 0 ? await sitesForText(q, text.slice(0, at), text.slice(at + SEPARATOR.length), supplierId) : [];
      return exact.length > 0 ? exact : sitesForText(q, text, null, supplierId);
    });
    if (found.length === 1) return found[0];
    if (found.length === 0) throw new ValidationFailed([{ field, key: `${messages}.unknown`, params: { value: text } }]);
    throw new ValidationFailed([{ field, key: `${messages}.ambiguous`, params: { value: text, n: found.length } }]);
  }

  async function label(actor: Actor, id: string): Promise<string | null> {
    authorize(actor, 'suppliers.read');
    if (!UUID.test(id)) return null;
    const s = await db.tx(dbContext(actor), (q) => selectSitePick(q, id.toLowerCase()));
    return s ? sitePickLabel(s) : null;
  }

  return { search, resolve, label };
}

export type SiteLookupService = ReturnType<typeof createSiteLookupService>;
