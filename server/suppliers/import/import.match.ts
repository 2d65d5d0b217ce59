import { recomputeTiers } from '../graph.ts';
import { defaultHeader, type ImportField } from './columns.ts';
import { describeLoop, findLoop } from './import.loop.ts';
import { shown, type ImportIssue } from './issues.ts';
import { normalizeText } from './normalize.ts';
import type { ImportResult, ParsedSupplier } from './types.ts';

/**
 * Which stored supplier each file supplier is, and which suppliers its parents are. Pure:
 * the preview uses it for its counts and errors, the commit for the ids it writes.
 *
 * Identity rule (idempotent re-import): a file supplier is the stored one with the same RFC;
 * without one, the stored one with the same external ID. Parents name a supplier of the file
 * or a stored one, by RFC or external ID.
 */
export interface ExistingSupplier {
  id: string;
  tax_id: string | null;
  external_id: string | null;
  legal_name: string;
  trade_name: string | null;
  tier: number;
  status: string;
}

export interface SupplierPlan {
  supplier: ParsedSupplier;
  id: string;
  existing: ExistingSupplier | null;
}

export interface LinkPlan {
  parentId: string;
  childId: string;
  /** The child's first row, for messages. */
  row: number;
}

export interface MatchResult {
  suppliers: SupplierPlan[];
  links: LinkPlan[];
  /**
   * Tier of each file supplier from the file's links and the stored tiers of stored parents
   * (declared tier, else 1, without parents). Final for new suppliers; a stored supplier's
   * may still move with links the file does not show, so the commit recomputes those.
   */
  tiers: Map<string, number>;
  issues: ImportIssue[];
  created: number;
  updated: number;
}

export const MATCH_ERR = {
  externalIdTaken: 'imports.errors.externalIdTaken',
  externalIdOtherRfc: 'imports.errors.externalIdOtherRfc',
  sameStoredSupplier: 'imports.errors.sameStoredSupplier',
  parentNotFound: 'imports.errors.parentNotFound',
  selfParent: 'imports.errors.selfParent',
  cycle: 'imports.errors.cycle',
} as const;

/** The keys to look up among stored suppliers: the file's own and those its parents name. */
export function lookupKeys(suppliers: ParsedSupplier[]): { taxIds: string[]; externalIds: string[] } {
  const taxIds = new Set<string>();
  const externalIds = new Set<string>();
  for (const s of suppliers) {
    if (s.taxId) taxIds.add(s.taxId);
    if (s.externalId) externalIds.add(s.externalId);
    for (const p of s.parents) {
      taxIds.add(p);
      externalIds.add(p);
    }
  }
  return { taxIds: [...taxIds], externalIds: [...externalIds] };
}

export type HeaderOf = (field: ImportField) => string;

export function headerLookup(columns: ImportResult['columns']): HeaderOf {
  const byField = new Map(columns.map((c) => [c.field, c.header]));
  return (field) => byField.get(field) ?? defaultHeader(field);
}

export function matchSuppliers(parsed: ParsedSupplier[], existing: ExistingSupplier[], headerOf: HeaderOf, newId: () => string): MatchResult {
  const byTax = new Map<string, ExistingSupplier>();
  const byExt = new Map<string, ExistingSupplier>();
  for (const e of existing) {
    if (e.tax_id) byTax.set(e.tax_id, e);
    if (e.external_id) byExt.set(e.external_id, e);
  }
  const issues: ImportIssue[] = [];
  const issue = (row: number, field: ImportField, code: string, params: Record<string, string | number>) =>
    issues.push({ row, column: headerOf(field), field, code, params });

  const plans: SupplierPlan[] = [];
  const rowOfStored = new Map<string, number>();
  let created = 0;
  for (const s of parsed) {
    const row = s.rows[0];
    const t = s.taxId ? byTax.get(s.taxId) : undefined;
    const e = s.externalId ? byExt.get(s.externalId) : undefined;
    if (t && e && t.id !== e.id) {
      issue(row, 'external_id', MATCH_ERR.externalIdTaken, { value: shown(s.externalId!), name: shown(e.legal_name) });
    } else if (!t && e && s.taxId && e.tax_id && e.tax_id !== s.taxId) {
      issue(row, 'external_id', MATCH_ERR.externalIdOtherRfc, { value: shown(s.externalId!), name: shown(e.legal_name), rfc: e.tax_id });
    }
    const match = t ?? e ?? null;
    if (match) {
      const other = rowOfStored.get(match.id);
      // Two file suppliers (one by RFC, one by external ID) that are the same stored one.
      if (other !== undefined) issue(row, s.keyKind, MATCH_ERR.sameStoredSupplier, { name: shown(match.legal_name), otherRow: other });
      else rowOfStored.set(match.id, row);
    } else created++;
    plans.push({ supplier: s, id: match?.id ?? newId(), existing: match });
  }

  const fileByTax = new Map<string, SupplierPlan>();
  const fileByExt = new Map<string, SupplierPlan>();
  for (const p of plans) {
    if (p.supplier.taxId) fileByTax.set(p.supplier.taxId, p);
    if (p.supplier.externalId) fileByExt.set(normalizeText(p.supplier.externalId), p);
  }
  const links: LinkPlan[] = [];
  for (const p of plans) {
    const row = p.supplier.rows[0];
    for (const key of p.supplier.parents) {
      const parentId = (fileByTax.get(key) ?? fileByExt.get(normalizeText(key)))?.id ?? (byTax.get(key) ?? byExt.get(key))?.id;
      if (parentId === undefined) issue(row, 'parent', MATCH_ERR.parentNotFound, { value: shown(key) });
      else if (parentId === p.id) issue(row, 'parent', MATCH_ERR.selfParent, { value: shown(key) });
      else links.push({ parentId, childId: p.id, row });
    }
  }
  const tiers = fileTiers(plans, links, existing, issue);
  return { suppliers: plans, links, tiers, issues: issues.sort((a, b) => a.row! - b.row!), created, updated: plans.length - created };
}

type IssueAt = (row: number, field: ImportField, code: string, params: Record<string, string | number>) => void;

/** The graph rules of graph.ts over the file's suppliers; a loop inside the file is an issue of the row that closes it. */
function fileTiers(plans: SupplierPlan[], links: LinkPlan[], existing: ExistingSupplier[], issue: IssueAt): Map<string, number> {
  const current = new Map<string, number>(existing.map((e) => [e.id, e.tier]));
  for (const p of plans) current.set(p.id, p.supplier.tier ?? p.existing?.tier ?? 1);
  const affected = plans.map((p) => p.id);
  try {
    const changed = recomputeTiers({ affected, links, tiers: current });
    return new Map(affected.map((id) => [id, changed.get(id) ?? current.get(id)!]));
  } catch {
    const loop = findLoop(links, affected);
    if (!loop) throw new Error('supply graph has a cycle outside the file');
    const { row, path } = describeLoop(loop, links, new Map(plans.map((p) => [p.id, p.supplier.legalName])));
    issue(row!, 'parent', MATCH_ERR.cycle, { path });
    return current;
  }
}
