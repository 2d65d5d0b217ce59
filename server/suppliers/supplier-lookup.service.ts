import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { searchSupplierPicks, selectSupplierPick, suppliersForText, type SupplierPick } from './supplier-lookup.queries.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What the type-ahead writes into the field: "Legal name (RFC)". */
const WITH_RFC = /^(.*)\s\(([A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3})\)$/i;

export const LOOKUP_LIMIT = 20;

export function pickLabel(s: SupplierPick): string {
  return s.taxId ? `${s.legalName} (${s.taxId})` : s.legalName;
}

/**
 * Supplier pickers as type-ahead searches instead of selects capped at 2,000: a JSON search
 * for the client script, and a server-side resolution of what was typed, so the form still
 * works without JavaScript.
 */
export function createSupplierLookupService(db: Database) {
  async function search(actor: Actor, text: string): Promise<SupplierPick[]> {
    authorize(actor, 'suppliers.read');
    const clean = text.trim().slice(0, 120);
    if (clean.length < 2) return [];
    return db.tx(dbContext(actor), (q) => searchSupplierPicks(q, clean, LOOKUP_LIMIT));
  }

  /** The one supplier a typed value names, or an error on `field` (unknown or ambiguous). */
  async function resolve(actor: Actor, typed: string, field: string): Promise<string> {
    authorize(actor, 'suppliers.read');
    const text = typed.trim().slice(0, 300);
    if (!text) throw new ValidationFailed([{ field, key: 'suppliers.lookup.required' }]);
    if (UUID.test(text)) return text;
    const m = WITH_RFC.exec(text);
    const found = await db.tx(dbContext(actor), (q) => suppliersForText(q, m ? m[2] : text));
    if (found.length === 1) return found[0].id;
    if (found.length === 0) throw new ValidationFailed([{ field, key: 'suppliers.lookup.unknown', params: { value: text } }]);
    throw new ValidationFailed([{ field, key: 'suppliers.lookup.ambiguous', params: { value: text, n: found.length } }]);
  }

  /** What the field shows for an already chosen supplier ("Legal name (RFC)"), or null if not the tenant's. */
  async function label(actor: Actor, id: string): Promise<string | null> {
    authorize(actor, 'suppliers.read');
    if (!UUID.test(id)) return null;
    const s = await db.tx(dbContext(actor), (q) => selectSupplierPick(q, id.toLowerCase()));
    return s ? pickLabel(s) : null;
  }

  return { search, resolve, label };
}

export type SupplierLookupService = ReturnType<typeof createSupplierLookupService>;
