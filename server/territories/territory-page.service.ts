import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { NotFound } from '../errors.ts';
import type { Locale } from '../i18n/index.ts';
import type { Translate } from '../maps/map-labels.ts';
import type { MapValuesPayload } from '../maps/map.types.ts';
import {
  type MunicipalityRisk, type RiskDataset, type StateRisk, type TerritoryRisk,
  getActiveDataset, getRiskForTerritory, listMunicipalitiesWithRisk, listStatesWithRisk,
} from '../risk-datasets/risk-dataset.service.ts';
import { type Territory, getTerritory, searchTerritories, type TerritorySearchResult } from './territory.service.ts';
import { type TerritorySites, selectSitesIn } from './territory-sites.queries.ts';
import { mapPayload, riskMapSvg } from './territory.map.ts';

/** Longest list of a tenant's sites on a territory page; beyond it the page gives the count. */
export const SITES_SHOWN = 50;

const STATE_CODE = /^\d{2}$/;
const MUNICIPALITY_CODE = /^\d{5}$/;

export function isTerritoryCode(code: string): boolean {
  return STATE_CODE.test(code) || MUNICIPALITY_CODE.test(code);
}

export interface TerritoryDetail {
  territory: Territory;
  /** The dataset in use for the territory's country; null when none was imported. */
  dataset: RiskDataset | null;
  /** Its value in that dataset (a municipality may carry its state's, `fallback: 'state'`). */
  risk: TerritoryRisk | null;
}

export interface StatePage extends TerritoryDetail {
  municipalities: MunicipalityRisk[];
  /** null when the actor's role may not see suppliers. */
  sites: TerritorySites | null;
}

export interface MunicipalityPage extends TerritoryDetail {
  sites: TerritorySites | null;
}

export function createTerritoryPageService(db: Database) {
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => {
    authorize(actor, 'territories.read');
    return db.tx(dbContext(actor), fn);
  };

  async function detail(q: Queryable, code: string): Promise<TerritoryDetail> {
    const territory = isTerritoryCode(code) ? await getTerritory(q, code) : null;
    if (!territory) throw new NotFound();
    const dataset = await getActiveDataset(q, territory.country);
    const risk = dataset ? await getRiskForTerritory(q, dataset.id, territory.code) : null;
    return { territory, dataset, risk };
  }

  function sitesFor(q: Queryable, actor: Actor, code: string): Promise<TerritorySites | null> {
    return can(actor, 'suppliers.read') ? selectSitesIn(q, actor.orgId, code, SITES_SHOWN) : Promise.resolve(null);
  }

  async function riskRows(q: Queryable, stateCode?: string): Promise<{ dataset: RiskDataset | null; rows: (StateRisk | MunicipalityRisk)[] }> {
    const dataset = await getActiveDataset(q, 'MX');
    if (!dataset) return { dataset, rows: [] };
    const rows = stateCode ? await listMunicipalitiesWithRisk(q, dataset.id, stateCode) : await listStatesWithRisk(q, dataset.id);
    return { dataset, rows };
  }

  return {
    /** National page: the dataset in use and every state with its value. */
    national(actor: Actor): Promise<{ dataset: RiskDataset | null; states: StateRisk[] }> {
      return tx(actor, async (q) => {
        const dataset = await getActiveDataset(q, 'MX');
        return { dataset, states: dataset ? await listStatesWithRisk(q, dataset.id) : [] };
      });
    },

    /** A state or a municipality by INEGI code with its risk; NotFound for anything else. */
    detail(actor: Actor, code: string): Promise<TerritoryDetail> {
      return tx(actor, (q) => detail(q, code));
    },

    state(actor: Actor, code: string): Promise<StatePage> {
      if (!STATE_CODE.test(code)) throw new NotFound();
      return tx(actor, async (q) => {
        const d = await detail(q, code);
        const municipalities = d.dataset ? await listMunicipalitiesWithRisk(q, d.dataset.id, code) : [];
        return { ...d, municipalities, sites: await sitesFor(q, actor, code) };
      });
    },

    municipality(actor: Actor, code: string): Promise<MunicipalityPage> {
      if (!MUNICIPALITY_CODE.test(code)) throw new NotFound();
      return tx(actor, async (q) => ({ ...(await detail(q, code)), sites: await sitesFor(q, actor, code) }));
    },

    search(actor: Actor, text: string, limit = 10): Promise<TerritorySearchResult> {
      authorize(actor, 'territories.read');
      return searchTerritories(db, text, { limit, minScore: 0.3 });
    },

    /** JSON for the browser map: states (no stateCode) or one state's municipalities. */
    mapValues(actor: Actor, t: Translate, locale: Locale, stateCode?: string): Promise<MapValuesPayload> {
      if (stateCode !== undefined && !STATE_CODE.test(stateCode)) throw new NotFound();
      return tx(actor, async (q) => {
        const { dataset, rows } = await riskRows(q, stateCode);
        return mapPayload(dataset, rows, t, locale);
      });
    },

    /**
     * The risk map of the dataset in use as a standalone SVG (pages' no-JS fallback, and
     * reports): the states of Mexico, or one state's municipalities.
     */
    mapSvg(actor: Actor, t: Translate, locale: Locale, opts: { stateCode?: string; title?: string; width?: number; height?: number; idPrefix?: string } = {}): Promise<string> {
      if (opts.stateCode !== undefined && !STATE_CODE.test(opts.stateCode)) throw new NotFound();
      return tx(actor, async (q) => {
        const { dataset, rows } = await riskRows(q, opts.stateCode);
        return riskMapSvg({ level: opts.stateCode ? 'municipality' : 'state', dataset, rows, t, locale, ...opts });
      });
    },
  };
}

export type TerritoryPageService = ReturnType<typeof createTerritoryPageService>;
