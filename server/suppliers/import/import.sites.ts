import { foldSearchText } from '../search-text.ts';
import type { SupplierPlan } from './import.match.ts';
import { placeKey, type PlaceChoice } from './import.places.ts';
import type { ParsedSite } from './types.ts';

/**
 * Site identity on re-import: a site of the file is the stored site of the same supplier
 * with the same name, compared without case, accents or extra spaces. When several stored
 * sites share that name, the one in the same territory wins, then the oldest. The
 * territory is not part of the key, so correcting a municipality updates the site instead
 * of adding a second one. Stored sites absent from the file are left as they are.
 */
export interface ExistingSite {
  id: string;
  supplier_id: string;
  name: string;
  territory_code: string | null;
}

export interface SitePlan {
  id: string;
  isNew: boolean;
  supplierId: string;
  site: ParsedSite;
  name: string;
  territory: PlaceChoice;
}

/** "Trade name – Municipality" for a site given without a name (sites.name is required). */
export function defaultSiteName(supplier: { legalName: string; tradeName: string | null }, territory: PlaceChoice): string {
  return `${supplier.tradeName ?? supplier.legalName} – ${territory.name}`;
}

/**
 * `existing` must be ordered oldest first. `territories` maps place keys to their settled
 * territory; a site whose place is unsettled is a programming error (the commit checks first).
 */
export function planSites(
  suppliers: SupplierPlan[],
  territories: ReadonlyMap<string, PlaceChoice>,
  existing: ExistingSite[],
  newId: () => string,
): SitePlan[] {
  const stored = new Map<string, ExistingSite[]>();
  for (const e of existing) {
    const k = `${e.supplier_id}|${foldSearchText(e.name)}`;
    const list = stored.get(k);
    if (list) list.push(e);
    else stored.set(k, [e]);
  }
  const plans: SitePlan[] = [];
  for (const p of suppliers) {
    const taken = new Set<string>();
    // Named sites first, so a generated name never takes a name the file gives explicitly.
    const named = p.supplier.sites.filter((s) => s.name);
    for (const s of named) taken.add(foldSearchText(s.name!));
    for (const site of [...named, ...p.supplier.sites.filter((s) => !s.name)]) {
      const territory = territories.get(placeKey(site.territory));
      if (!territory) throw new Error(`unresolved place for row ${site.row}`);
      let name = site.name;
      if (!name) {
        const base = defaultSiteName(p.supplier, territory);
        name = base;
        for (let n = 2; taken.has(foldSearchText(name)); n++) name = `${base} (${n})`;
        taken.add(foldSearchText(name));
      }
      const candidates = p.existing ? stored.get(`${p.id}|${foldSearchText(name)}`) : undefined;
      let match: ExistingSite | undefined;
      if (candidates?.length) {
        const at = Math.max(0, candidates.findIndex((c) => c.territory_code === territory.code));
        match = candidates.splice(at, 1)[0];
      }
      plans.push({ id: match?.id ?? newId(), isNew: !match, supplierId: p.id, site, name, territory });
    }
  }
  return plans;
}
