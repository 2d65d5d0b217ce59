/**
 * Sector and commodity risk for Mexico: shipped reference data, read once at start-up.
 * How shares become weights is explained in docs/scoring.md ("Sector component");
 * the weights are derived here from the cited shares, not typed in by hand, so the
 * rule and the figures cannot drift apart. Labels live in the i18n files under
 * `scoring.sectors.<code>` and `scoring.commodities.<id>`.
 */

import { COMMODITY_VOCABULARY, DOL_LIST_SOURCE, resolveCommodity } from '../commodities/commodity.resolve.ts';

export const SECTOR_TABLE_VERSION = 'mx-sector-2022.1';

export const ENTI_2022_SOURCE =
  'INEGI, Encuesta Nacional de Trabajo Infantil (ENTI) 2022: ocupación no permitida por sector, as reported from the INEGI release [S37][S38]';

/**
 * Share (%) of children in non-permitted occupation by sector, ENTI 2022. The rest
 * (100 − 90.2 = 9.8 %: construction, mining, utilities, unspecified) is not broken
 * down in any source found, so it is kept as one remainder and never split.
 */
export const ENTI_2022_SHARES = {
  agriculture: 33.0,
  services: 23.2,
  commerce: 21.5,
  manufacturing: 12.5,
} as const;
export type EntiGroup = keyof typeof ENTI_2022_SHARES | 'remainder';

const MAX_SHARE = Math.max(...Object.values(ENTI_2022_SHARES));
const REMAINDER_SHARE =
  Math.round((100 - Object.values(ENTI_2022_SHARES).reduce((a, b) => a + b, 0)) * 10) / 10;

/** The largest group scores this much, leaving headroom for a DOL-listed commodity. */
export const SHARE_SCALE = 0.8;
/** Services that are mostly formal, salaried and skilled keep half the services weight. */
export const FORMAL_SERVICES_FACTOR = 0.5;

/**
 * How a sector's weight was obtained:
 * - share: its ENTI group share, scaled;
 * - formalServices: inside ENTI "services", but mostly formal work (product judgement);
 * - remainder: part of the undivided 9.8 % remainder (an upper bound for each sector);
 * - hazardous: LFT art. 176 lists it as hazardous for under-18s, so it is raised to
 *   the highest non-agricultural group weight.
 */
export type SectorBasis = 'share' | 'formalServices' | 'remainder' | 'hazardous';

export const SECTOR_CODES = [
  '11', '21', '22', '23', '31-33', '43', '46', '48-49', '51', '52',
  '53', '54', '55', '56', '61', '62', '71', '72', '81', '93',
] as const;
export type SectorCode = (typeof SECTOR_CODES)[number];

export interface SectorRisk {
  code: SectorCode;
  /** i18n key of the SCIAN 2018 sector name. */
  labelKey: string;
  entiGroup: EntiGroup;
  /** ENTI 2022 share (%) of the group the sector belongs to. */
  groupShare: number;
  basis: SectorBasis;
  /** 0..1 */
  weight: number;
  source: string;
}

type SectorDef = readonly [SectorCode, EntiGroup, 'core' | 'formal' | 'hazardous' | null];

// SCIAN México 2018 sectors. "core" services are consumer-facing and informal-heavy
// (transport, cleaning and support, recreation, food and lodging, repairs and personal services).
const SECTOR_DEFS: readonly SectorDef[] = [
  ['11', 'agriculture', null],
  ['21', 'remainder', 'hazardous'],
  ['22', 'remainder', null],
  ['23', 'remainder', 'hazardous'],
  ['31-33', 'manufacturing', null],
  ['43', 'commerce', null],
  ['46', 'commerce', null],
  ['48-49', 'services', 'core'],
  ['51', 'services', 'formal'],
  ['52', 'services', 'formal'],
  ['53', 'services', 'formal'],
  ['54', 'services', 'formal'],
  ['55', 'services', 'formal'],
  ['56', 'services', 'core'],
  ['61', 'services', 'formal'],
  ['62', 'services', 'formal'],
  ['71', 'services', 'core'],
  ['72', 'services', 'core'],
  ['81', 'services', 'core'],
  ['93', 'services', 'formal'],
];

const round2 = (x: number): number => Math.round(x * 100) / 100;
const shareOf = (g: EntiGroup): number => (g === 'remainder' ? REMAINDER_SHARE : ENTI_2022_SHARES[g]);
const scaled = (g: EntiGroup): number => round2((shareOf(g) / MAX_SHARE) * SHARE_SCALE);
const HAZARD_FLOOR = Math.max(scaled('services'), scaled('commerce'), scaled('manufacturing'));

function buildSector([code, group, kind]: SectorDef): SectorRisk {
  let weight = scaled(group);
  let basis: SectorBasis = group === 'remainder' ? 'remainder' : 'share';
  if (kind === 'formal') {
    weight = round2(weight * FORMAL_SERVICES_FACTOR);
    basis = 'formalServices';
  } else if (kind === 'hazardous' && HAZARD_FLOOR > weight) {
    weight = HAZARD_FLOOR;
    basis = 'hazardous';
  }
  const source =
    basis === 'hazardous'
      ? `${ENTI_2022_SOURCE}; Ley Federal del Trabajo art. 176 (hazardous work for under-18s) [S61][S62]`
      : ENTI_2022_SOURCE;
  return { code, labelKey: `scoring.sectors.${code}`, entiGroup: group, groupShare: shareOf(group), basis, weight, source };
}

export const SECTOR_RISK: ReadonlyMap<SectorCode, SectorRisk> = new Map(
  SECTOR_DEFS.map((d) => [d[0], Object.freeze(buildSector(d))] as const),
);

// Index by the first two digits of any SCIAN code (sector, subsector … class), built once.
const BY_PREFIX: (SectorRisk | undefined)[] = new Array(100);
for (const s of SECTOR_RISK.values()) {
  const [from, to = from] = s.code.split('-').map(Number);
  for (let p = from; p <= to; p++) BY_PREFIX[p] = s;
}

/** The sector of a SCIAN code of any length ('11', '111211', '31-33', '46'); null when unknown. */
export function sectorFor(scianCode: string | null | undefined): SectorRisk | null {
  if (!scianCode || scianCode.length < 2) return null;
  const a = scianCode.charCodeAt(0) - 48;
  const b = scianCode.charCodeAt(1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return null;
  return BY_PREFIX[a * 10 + b] ?? null;
}

export const DOL_GOODS_SOURCE = DOL_LIST_SOURCE;

export interface DolCommodity {
  id: string;
  /** The good's name exactly as on the DOL list. */
  dolName: string;
  childLabour: boolean;
  forcedLabour: boolean;
  labelKey: string;
  source: string;
}

// The DOL goods come from the commodity vocabulary (server/commodities), which also
// knows the Spanish names and spellings users type (café, jitomate, caña de azúcar…).
export const DOL_COMMODITIES: ReadonlyMap<string, DolCommodity> = new Map(
  COMMODITY_VOCABULARY.filter((e) => e.dol).map((e) => [
    e.id,
    Object.freeze({
      id: e.id,
      dolName: e.dol!.good,
      childLabour: e.dol!.childLabour,
      forcedLabour: e.dol!.forcedLabour,
      labelKey: `scoring.commodities.${e.id}`,
      source: DOL_GOODS_SOURCE,
    }),
  ]),
);

/** The DOL-listed good behind a stored commodity id or any free-text spelling of it. */
export function dolCommodity(idOrText: string): DolCommodity | undefined {
  const entry = resolveCommodity(idOrText);
  return entry ? DOL_COMMODITIES.get(entry.id) : undefined;
}
