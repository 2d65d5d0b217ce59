import type { Queryable } from '../db/types.ts';
import { supplierScopeSql, type SupplierScope } from '../suppliers/supplier-scope.ts';
import type { EvidenceInput, OpenChildCase, OpenFinding } from '../scoring/types.ts';

/**
 * Open findings and child cases of a batch of suppliers, keyed like assessments: by site
 * id, or 'supplier:<id>' for a finding that names no site (it covers every site). Only ids
 * and classes are read: nothing about a child leaves the case file for scoring.
 * "Open" is anything not closed; closing is what records the remediation as verified.
 */
export async function loadOpenEvidence(q: Queryable, suppliers: SupplierScope): Promise<Map<string, EvidenceInput>> {
  const out = new Map<string, { findings: OpenFinding[]; cases: OpenChildCase[] }>();
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { findings: [], cases: [] }));
    return e;
  };
  const fp: unknown[] = [];
  const findings = await q.query<{ id: string; supplier_id: string; site_id: string | null; category: string; severity: string }>(
    `SELECT id, supplier_id, site_id, category, severity FROM findings
      WHERE organization_id = app_org() AND status <> 'closed' AND ${supplierScopeSql(suppliers, 'supplier_id', fp)}
        AND (category IN ('child_labour_under_15', 'hazardous_under_18') OR severity IN ('critical', 'high'))
      ORDER BY created_at, id`,
    fp,
  );
  for (const f of findings.rows) {
    entry(f.site_id ?? `supplier:${f.supplier_id}`).findings.push({ id: f.id, category: f.category, severity: f.severity });
  }
  const cp: unknown[] = [];
  const cases = await q.query<{ id: string; site_id: string; situation: string }>(
    `SELECT c.id, c.site_id, c.situation FROM child_cases c
       JOIN sites s ON s.organization_id = c.organization_id AND s.id = c.site_id
      WHERE c.organization_id = app_org() AND c.status <> 'closed' AND ${supplierScopeSql(suppliers, 's.supplier_id', cp)}
      ORDER BY c.created_at, c.id`,
    cp,
  );
  for (const c of cases.rows) entry(c.site_id).cases.push({ id: c.id, situation: c.situation });
  return out;
}

/** A site's evidence: its own plus its supplier's site-less findings; null when there is none. */
export function evidenceFor(all: Map<string, EvidenceInput>, siteId: string | null, supplierId: string): EvidenceInput | null {
  const own = siteId ? all.get(siteId) : undefined;
  const wide = all.get(`supplier:${supplierId}`);
  if (!own) return wide ?? null;
  if (!wide) return own;
  return { findings: [...own.findings, ...wide.findings], cases: own.cases };
}
