import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { initI18n, translator } from '../../server/i18n/index.ts';
import { scoreSite, scoreSupplier } from '../../server/scoring/engine.ts';
import { renderExplanation, type RenderedLine } from '../../server/scoring/explanation.ts';
import { DOL_COMMODITIES, SECTOR_CODES } from '../../server/scoring/sector-risk.ts';
import type { SiteScoreInput } from '../../server/scoring/types.ts';
import { DEFAULT_WEIGHTS, WORKFORCE_FACTORS } from '../../server/scoring/weights.ts';
import { assessment, farmInChiapas, noWorkers, withAssessment } from './fixtures.ts';

const flatten = (lines: RenderedLine[]): string[] => lines.flatMap((l) => [l.text, ...flatten(l.details ?? [])]);

function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keysOf(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const load = (locale: string) =>
  JSON.parse(readFileSync(new URL(`../../server/i18n/locales/${locale}/scoring.json`, import.meta.url), 'utf8'));

// One site per explanation branch, so every reasonKey is rendered at least once.
const sites: SiteScoreInput[] = [
  farmInChiapas,
  withAssessment(farmInChiapas, assessment(0.8, { redFlags: [{ code: 'children_seen_working', severity: 'critical' }] })),
  withAssessment(farmInChiapas, assessment(0, { reviewedAt: null, redFlags: [{ code: 'no_age_check', severity: 'high' }] })),
  {
    territorial: { ...farmInChiapas.territorial!, fallback: 'state', territoryName: 'Chiapas' },
    sector: { scianCode: '23', commodities: ['tomatoes'] },
    workforce: { ...noWorkers, total: 10, familyLabour: null },
    assessment: null,
  },
  {
    territorial: { ...farmInChiapas.territorial!, isDemo: false, datasetName: 'CLRISK México' },
    sector: { scianCode: '52', commodities: ['coffee'] },
    workforce: noWorkers,
    assessment: null,
  },
  { ...farmInChiapas, territorial: { ...farmInChiapas.territorial!, isDemo: false, fallback: 'state' }, sector: { scianCode: '22', commodities: [] } },
  { territorial: null, sector: { scianCode: null, commodities: [] }, workforce: { ...noWorkers, total: null }, assessment: null },
];
const protectedConditions = {
  adolescentProtections: 'full', familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false,
} as const;
// The branches of activities, evidence levels, age, conditions, open findings and cases, harvest.
const evidenceSites: SiteScoreInput[] = [
  {
    ...farmInChiapas, activities: ['harvest', 'brick_making'],
    workforce: { ...noWorkers, total: 50, adolescents15to17: 3, migrant: 10, seasonal: 5 },
    assessment: assessment(0.9, { evidenceLevel: 'documents_reviewed', ageMonths: 18, conditions: protectedConditions }),
    evidence: { findings: [{ id: '0a1b2c3d-0000-4000-8000-000000000001', category: 'hazardous_under_18', severity: 'critical' }], cases: [] },
  },
  {
    ...farmInChiapas, activities: ['harvest'],
    assessment: assessment(1, { evidenceLevel: 'verified_on_site', harvestVerified: true, conditions: { ...protectedConditions, campHousing: true, adolescentProtections: 'missing' } }),
    evidence: { findings: [], cases: [{ id: '0a1b2c3d-0000-4000-8000-000000000002', situation: 'at_risk' }] },
  },
  {
    ...farmInChiapas, activities: ['harvest', 'home_based_work'],
    assessment: assessment(0, { redFlags: [{ code: 'children_seen_working', severity: 'critical' }] }),
    evidence: { findings: [{ id: '0a1b2c3d-0000-4000-8000-000000000003', category: 'missing_controls', severity: 'high' }], cases: [{ id: '0a1b2c3d-0000-4000-8000-000000000004', situation: 'under_minimum_age' }] },
  },
  { ...farmInChiapas, activities: ['harvest', 'mining'], assessment: assessment(1, { evidenceLevel: 'verified_on_site' }) },
];

describe('scoring explanations in es-MX and en', () => {
  before(() => initI18n());

  it('has the same keys in both locales, with a label for every sector, good, factor and level', () => {
    const es = load('es-MX');
    const en = load('en');
    expect(keysOf(en)).to.deep.equal(keysOf(es));
    for (const code of SECTOR_CODES) expect(es.scoring.sectors[code]).to.be.a('string');
    for (const id of DOL_COMMODITIES.keys()) expect(es.scoring.commodities[id]).to.be.a('string');
    for (const f of WORKFORCE_FACTORS) expect(es.scoring.workforceFactors[f]).to.be.a('string');
    expect(Object.keys(es.scoring.levels)).to.deep.equal(['low', 'medium', 'high', 'critical']);
  });

  it('renders the example of the brief in both languages', () => {
    const s = scoreSite(farmInChiapas, DEFAULT_WEIGHTS);
    const es = renderExplanation(s.explanation, translator('es-MX'));
    const en = renderExplanation(s.explanation, translator('en'));
    expect(es[0].text).to.equal(
      'Riesgo territorial: el municipio Tapachula, Chiapas tiene nivel «alto» en CLRISK demo v1 (demo — no son datos oficiales) → 90 × 0.45 = 40.5',
    );
    expect(en[0].text).to.equal(
      'Territorial risk: municipality Tapachula, Chiapas is “alto” in CLRISK demo v1 (demo — not official data) → 90 × 0.45 = 40.5',
    );
    expect(es[1].text).to.equal(
      'Riesgo sectorial: Agricultura, cría y explotación de animales, aprovechamiento forestal, pesca y caza (SCIAN 111) → 80 × 0.3 = 24',
    );
    expect(en[2].details![2].text).to.equal(
      'Seasonal workers with risk conditions unknown: 80 of 100 (80 %; counts in full from 50 %) → 100 × 0.15 = 15',
    );
  });

  it('renders every line of every branch with no key, placeholder or nesting left over', () => {
    const scores = sites.map((s) => scoreSite(s, DEFAULT_WEIGHTS));
    const supplier = scoreSupplier(scores, scores.map(() => null));
    const more = evidenceSites.map((s) => scoreSite(s, DEFAULT_WEIGHTS));
    const keys = new Set<string>();
    const collect = (lines: { reasonKey: string; details?: unknown[] }[]): void =>
      lines.forEach((l) => { keys.add(l.reasonKey); collect((l.details ?? []) as typeof lines); });
    for (const s of more) collect(s.explanation);
    for (const k of ['sector.activity', 'controls.appliedStale', 'workforce.adolescentsProtected', 'workforce.adolescentsUnprotected',
      'workforce.noRiskCondition', 'evidence.findingFloor', 'evidence.caseNotBinding', 'evidence.caseFloor', 'harvest.floor',
      'harvest.verified', 'harvest.notBinding']) {
      expect(keys, k).to.include(`scoring.reason.${k}`);
    }
    for (const locale of ['es-MX', 'en'] as const) {
      const t = translator(locale);
      const texts = [...[...scores, ...more].flatMap((s) => flatten(renderExplanation(s.explanation, t))), ...flatten(renderExplanation(supplier.explanation, t))];
      for (const text of texts) expect(text).to.not.match(/\{\{|\$t\(|scoring\.|undefined|null/, text);
      for (const s of [...scores, ...more]) for (const f of s.flags) expect(t(`scoring.flags.${f}`)).to.not.contain('scoring.');
    }
    const en = translator('en');
    const dol = renderExplanation(scores[3].explanation, en)[1].details!;
    expect(dol[0].text).to.match(/^Base 56: hazardous work for under-18s/);
    expect(dol[1].text).to.equal(
      'Tomatoes is on the US DOL list of goods produced by child labour and forced labour (1 of the site\'s goods listed) → (100 − 56) × 0.75 = +33',
    );
    expect(flatten(renderExplanation(supplier.explanation, translator('es-MX')))[0]).to.equal(
      'Sitio más riesgoso: 2 de 7, riesgo residual 75 → nivel Crítico',
    );
  });
});
