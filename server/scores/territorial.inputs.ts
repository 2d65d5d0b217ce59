import type { Queryable } from '../db/types.ts';
import type { RiskDataset } from '../risk-datasets/risk-dataset.service.ts';
import { listMunicipalitiesWithRisk, listStatesWithRisk } from '../risk-datasets/risk-dataset.service.ts';
import type { TerritorialInput } from '../scoring/types.ts';

/**
 * The territorial input of every state and municipality in one dataset, keyed by INEGI
 * code ('07' or '07089'). A municipality without its own value carries its state's,
 * flagged `fallback: 'state'` and named after the state, as the reason text reads.
 * A dataset's values never change after import, so the table is built once per process.
 */
export type TerritorialTable = ReadonlyMap<string, TerritorialInput>;

const tables = new Map<string, Promise<TerritorialTable>>();

export function territorialTable(q: Queryable, dataset: RiskDataset): Promise<TerritorialTable> {
  let table = tables.get(dataset.id);
  if (!table) {
    table = build(q, dataset);
    table.catch(() => tables.delete(dataset.id));
    tables.set(dataset.id, table);
  }
  return table;
}

async function build(q: Queryable, d: RiskDataset): Promise<TerritorialTable> {
  const base = { datasetId: d.id, datasetVersion: d.version, datasetName: d.name, isDemo: d.isDemo };
  const out = new Map<string, TerritorialInput>();
  for (const s of await listStatesWithRisk(q, d.id)) {
    if (!s.risk) continue;
    out.set(s.code, Object.freeze({
      ...base, level: s.risk.level, levelScore: s.risk.score, index: s.risk.index,
      territoryCode: s.code, territoryName: s.name, fallback: 'state' as const,
    }));
  }
  for (const m of await listMunicipalitiesWithRisk(q, d.id)) {
    if (!m.risk) continue;
    const own = m.fallback === null;
    out.set(m.code, Object.freeze({
      ...base, level: m.risk.level, levelScore: m.risk.score, index: m.risk.index,
      territoryCode: m.code, territoryName: own ? `${m.name}, ${m.stateName}` : m.stateName,
      fallback: own ? null : ('state' as const),
    }));
  }
  return out;
}
