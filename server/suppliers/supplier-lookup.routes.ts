import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { ValidationFailed } from '../errors.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { createSupplierLookupService, pickLabel } from './supplier-lookup.service.ts';
import { createSiteLookupService, sitePickLabel } from './site-lookup.service.ts';

/** GET /suppliers/lookup?q= and /sites/lookup?q=&supplier= — the type-ahead of supplier and site pickers (client/supplier-lookup.ts). */
export function supplierLookupRoutes(deps: { db: Database }): Router {
  const r = Router();
  const lookup = createSupplierLookupService(deps.db);
  const siteLookup = createSiteLookupService(deps.db);
  r.get('/suppliers/lookup', requireActor, requirePermission('suppliers.read'), async (req, res) => {
    const text = typeof req.query.q === 'string' ? req.query.q : '';
    const found = await lookup.search(actorOf(req), text);
    res.json({ suppliers: found.map((s) => ({ id: s.id, legalName: s.legalName, taxId: s.taxId, label: pickLabel(s) })) });
  });
  r.get('/sites/lookup', requireActor, requirePermission('suppliers.read'), async (req, res) => {
    const text = typeof req.query.q === 'string' ? req.query.q : '';
    // The supplier field beside a site picker holds typed text: narrow to it when it names one supplier.
    const typed = typeof req.query.supplier === 'string' ? req.query.supplier.trim() : '';
    const supplierId = typed ? await lookup.resolve(actorOf(req), typed, 'supplier').catch((e: unknown) => {
      if (e instanceof ValidationFailed) return null;
      throw e;
    }) : null;
    const found = await siteLookup.search(actorOf(req), text, supplierId);
    res.json({ sites: found.map((s) => ({ id: s.id, name: s.name, supplierId: s.supplierId, supplierName: s.supplierName, label: sitePickLabel(s) })) });
  });
  return r;
}
