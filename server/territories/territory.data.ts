import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type TerritoryLevel = 'state' | 'municipality';

/** One state or municipality as the rest of the product sees it. */
export interface Territory {
  id: string;
  country: string;
  level: TerritoryLevel;
  code: string;
  name: string;
  stateCode: string;
  stateName: string;
  parentId: string | null;
  abbreviation: string | null;
  headTown: string | null;
  /** null when the source has no census figure (created after the 2020 census). */
  population: number | null;
  populationYear: number | null;
  createdAfterCensus: boolean;
}

interface InegiMunicipio {
  cve_entidad: string;
  nom_entidad: string;
  nom_abr_entidad: string;
  cve_municipio: string;
  cve_completa: string;
  nom_municipio: string;
  nom_cabecera: string;
  poblacion_total: number;
}

export const MX_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/mx');
const CENSUS_YEAR = 2020;

export function territoryId(country: string, code: string): string {
  return `${country}-${code}`;
}

let cached: Territory[] | undefined;

/**
 * The 32 states and 2,478 municipalities of INEGI's catalogue (data/mx/municipios.json),
 * states first. States are derived from the municipal records, their population summed.
 */
export function mexicoTerritories(): Territory[] {
  if (cached) return cached;
  const rows = JSON.parse(readFileSync(path.join(MX_DATA_DIR, 'municipios.json'), 'utf8')) as InegiMunicipio[];
  const states = new Map<string, Territory>();
  const municipalities: Territory[] = [];
  for (const r of rows) {
    let state = states.get(r.cve_entidad);
    if (!state) {
      state = {
        id: territoryId('MX', r.cve_entidad),
        country: 'MX',
        level: 'state',
        code: r.cve_entidad,
        name: r.nom_entidad,
        stateCode: r.cve_entidad,
        stateName: r.nom_entidad,
        parentId: null,
        abbreviation: r.nom_abr_entidad,
        headTown: null,
        population: 0,
        populationYear: CENSUS_YEAR,
        createdAfterCensus: false,
      };
      states.set(r.cve_entidad, state);
    }
    // The source writes 0 for municipalities created after the census: that is "no figure", not "empty".
    const hasCensus = r.poblacion_total > 0;
    state.population = (state.population ?? 0) + (hasCensus ? r.poblacion_total : 0);
    municipalities.push({
      id: territoryId('MX', r.cve_completa),
      country: 'MX',
      level: 'municipality',
      code: r.cve_completa,
      name: r.nom_municipio,
      stateCode: r.cve_entidad,
      stateName: r.nom_entidad,
      parentId: state.id,
      abbreviation: null,
      headTown: r.nom_cabecera.trim() || null,
      population: hasCensus ? r.poblacion_total : null,
      populationYear: hasCensus ? CENSUS_YEAR : null,
      createdAfterCensus: !hasCensus,
    });
  }
  cached = [...[...states.values()].sort((a, b) => a.code.localeCompare(b.code)), ...municipalities];
  return cached;
}
