import { defaultHeader, type ColumnMapping, type ImportField } from './columns.ts';
import { ERR, shown, type ImportIssue } from './issues.ts';
import { normalizeLabel, normalizeText } from './normalize.ts';
import type { RowOutcome } from './rows.ts';
import type { ParsedSite, ParsedSupplier, SupplierData } from './types.ts';

type Scalar = 'legalName' | 'tradeName' | 'taxId' | 'externalId' | 'sectorCode' | 'tier' | 'contactName' | 'contactEmail' | 'contactPhone';

const SCALARS: [Scalar, ImportField][] = [
  ['legalName', 'legal_name'],
  ['tradeName', 'trade_name'],
  ['taxId', 'tax_id'],
  ['externalId', 'external_id'],
  ['sectorCode', 'sector_code'],
  ['tier', 'tier'],
  ['contactName', 'contact_name'],
  ['contactEmail', 'contact_email'],
  ['contactPhone', 'contact_phone'],
];

/** Case and spacing do not make two values different ('ACME SA' = 'Acme  SA'). */
const same = (a: string | number, b: string | number) => a === b || normalizeText(String(a)) === normalizeText(String(b));

interface Group {
  key: string;
  keyKind: 'tax_id' | 'external_id';
  members: RowOutcome[];
}

/**
 * Rows of the same supplier (same RFC; else same external ID, also when another row
 * pairs that ID with an RFC) become one supplier with one site per row. A supplier
 * field may be left blank on later rows, but two different values are an error.
 * Adds grouping errors to the rows' own `errors`.
 */
export function groupSuppliers(outcomes: RowOutcome[], mapping: ColumnMapping): ParsedSupplier[] {
  const issue = (row: number, field: ImportField, code: string, params: Record<string, string | number>): ImportIssue => ({
    row,
    column: mapping.headerOf[field] ?? defaultHeader(field),
    field,
    code,
    params,
  });

  // First pass: which RFC each external ID belongs to, wherever in the file it is said.
  const rfcOfExternalId = new Map<string, { rfc: string; row: number }>();
  for (const o of outcomes) {
    if (!o.taxId || !o.externalId) continue;
    const ext = normalizeText(o.externalId);
    const owner = rfcOfExternalId.get(ext);
    if (!owner) rfcOfExternalId.set(ext, { rfc: o.taxId, row: o.row });
    else if (owner.rfc !== o.taxId) {
      o.errors.push(issue(o.row, 'external_id', ERR.externalIdConflict, { value: shown(o.externalId), other: owner.rfc, otherRow: owner.row }));
    }
  }

  const groups = new Map<string, Group>();
  for (const o of outcomes) {
    let id: string;
    let display: { key: string; keyKind: Group['keyKind'] };
    if (o.taxId) {
      id = `R:${o.taxId}`;
      display = { key: o.taxId, keyKind: 'tax_id' };
    } else if (o.externalId) {
      const owner = rfcOfExternalId.get(normalizeText(o.externalId));
      id = owner ? `R:${owner.rfc}` : `E:${normalizeText(o.externalId)}`;
      display = owner ? { key: owner.rfc, keyKind: 'tax_id' } : { key: o.externalId, keyKind: 'external_id' };
    } else continue; // no identity: the row already carries its error
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { ...display, members: [] }));
    group.members.push(o);
  }

  const suppliers: ParsedSupplier[] = [];
  for (const group of groups.values()) {
    const merged = mergeGroup(group, issue);
    if (merged && group.members.every((m) => m.errors.length === 0)) suppliers.push(merged);
  }
  return suppliers;
}

type IssueAt = (row: number, field: ImportField, code: string, params: Record<string, string | number>) => ImportIssue;

function mergeGroup(group: Group, issue: IssueAt): ParsedSupplier | null {
  let base: SupplierData | null = null;
  const setBy: Partial<Record<Scalar, number>> = {};
  const sites: ParsedSite[] = [];
  const siteRowByName = new Map<string, number>();
  const commodities = new ListUnion();
  const parents = new ListUnion();

  for (const o of group.members) {
    if (!o.value) continue;
    const s = o.value.supplier;
    if (!base) {
      base = { ...s };
      for (const [k] of SCALARS) if (s[k] !== null) setBy[k] = o.row;
    } else {
      for (const [k, field] of SCALARS) {
        const mine = s[k];
        const theirs = base[k];
        if (mine === null) continue;
        if (theirs === null) {
          (base as unknown as Record<Scalar, string | number | null>)[k] = mine;
          if (k === 'taxId') base.taxIdKind = s.taxIdKind;
          setBy[k] = o.row;
        } else if (!same(mine, theirs)) {
          o.errors.push(issue(o.row, field, ERR.conflict, { value: shown(String(mine)), other: shown(String(theirs)), otherRow: setBy[k]! }));
        }
      }
    }
    commodities.add(s.commodities);
    parents.add(s.parents);
    const site = o.value.site;
    if (site) {
      const name = site.name ? normalizeText(site.name) : null;
      const otherRow = name ? siteRowByName.get(name) : undefined;
      if (otherRow !== undefined) o.errors.push(issue(o.row, 'site_name', ERR.duplicateSite, { value: shown(site.name!), otherRow }));
      else {
        if (name) siteRowByName.set(name, o.row);
        sites.push(site);
      }
    }
  }
  if (!base) return null;
  if (base.legalName === null) {
    // Said once, on the supplier's first row, and only if no row of it names it at all.
    const first = group.members[0];
    if (!group.members.some((m) => m.legalNameGiven)) first.errors.push(issue(first.row, 'legal_name', ERR.required, {}));
    return null;
  }

  const own = [base.taxId, base.externalId].filter((v): v is string => v !== null).map(normalizeText);
  for (const o of group.members) {
    const self = o.value?.supplier.parents.find((p) => own.includes(normalizeText(p)));
    if (self) o.errors.push(issue(o.row, 'parent', ERR.selfParent, { value: shown(self) }));
  }

  return {
    ...base,
    legalName: base.legalName,
    commodities: commodities.items,
    parents: parents.items,
    key: group.key,
    keyKind: group.keyKind,
    rows: group.members.map((m) => m.row),
    sites,
  };
}

/** Commodities and parents add up across a supplier's rows instead of conflicting. */
class ListUnion {
  readonly items: string[] = [];
  private readonly seen = new Set<string>();
  add(values: string[]): void {
    for (const v of values) {
      const k = normalizeLabel(v);
      if (!this.seen.has(k)) {
        this.seen.add(k);
        this.items.push(v);
      }
    }
  }
}
