import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { createSupplierLookupService, pickLabel } from './supplier-lookup.service.ts';

/** GET /suppliers/lookup?q= — the type-ahead of supplier pickers (client/supplier-lookup.ts). */
export function supplierLookupRoutes(deps: { db: Database }): Router {
  const r = Router();
  const lookup = createSupplierLookupService(deps.db);
  r.get('/suppliers/lookup', requireActor, requirePermission('suppliers.read'), async (req, res) => {
    const text = typeof req.query.q === 'string' ? req.query.q : '';
    const found = await lookup.search(actorOf(req), text);
    res.json({ suppliers: found.map((s) => ({ id: s.id, legalName: s.legalName, taxId: s.taxId, label: pickLabel(s) })) });
  });
  return r;
}
