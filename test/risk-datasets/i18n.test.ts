import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { loadResources } from '../../server/i18n/index.ts';
import { PERMISSIONS } from '../../server/auth/policy.ts';

function leaves(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
function own(locale: string, file: string): string[] {
  return leaves(JSON.parse(readFileSync(new URL(`../../server/i18n/locales/${locale}/${file}`, import.meta.url), 'utf8'))).sort();
}

describe('territory and risk dataset texts', () => {
  for (const file of ['territories.json', 'riskDatasets.json']) {
    it(`${file} has the same keys in Spanish and English`, () => {
      expect(own('en', file)).to.deep.equal(own('es-MX', file));
    });
  }

  it('every key the code uses exists in both locales', () => {
    const sources = ['server/risk-datasets', 'server/territories']
      .flatMap((dir) => readdirSync(new URL(`../../${dir}`, import.meta.url)).map((f) => `${dir}/${f}`))
      .concat('scripts/import-risk-dataset.ts')
      .map((p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8'))
      .join('\n');
    // Permission names ('territories.read') look like keys but are not texts.
    const used = new Set(
      [...sources.matchAll(/'(riskDatasets\.[a-zA-Z.]+|territories\.[a-zA-Z.]+)'/g)].map((m) => m[1]).filter((k) => !(k in PERMISSIONS)),
    );
    // Keys built from a name: E('emptyFile'), report('code', 'unknownCode') → riskDatasets.errors.<name>.
    for (const m of sources.matchAll(/\bE\('([a-zA-Z]+)'\)|\breport\([^,]+, '([a-zA-Z]+)'/g)) used.add(`riskDatasets.errors.${m[1] ?? m[2]}`);
    expect(used.size).to.be.at.least(35);
    for (const locale of ['es-MX', 'en'] as const) {
      // Plural keys are defined by their forms (key_one, key_other).
      const all = new Set(leaves(loadResources(locale)).flatMap((k) => [k, k.replace(/_(one|other)$/, '')]));
      expect([...used].filter((k) => !all.has(k)), locale).to.deep.equal([]);
    }
  });
});
