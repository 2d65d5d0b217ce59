import { expect } from 'chai';
import { ERR, WARN } from '../../../server/suppliers/import/issues.ts';
import { importsResources, importsTranslator } from './support.ts';

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('import i18n', () => {
  it('has the same keys in es-MX and en', () => {
    expect(keysOf(importsResources('en')).sort()).to.deep.equal(keysOf(importsResources('es-MX')).sort());
  });

  it('has a message for every error and warning code in both locales, with no placeholder left unfilled', async () => {
    const params = {
      row: 7, column: 'RFC', value: 'X', example: 'E', other: 'O', otherRow: 2, max: 9, count: 3, length: 4, expected: '1', found: 5,
      total: 10, latitude: 19.4, longitude: 99.1, columns: 'A, B', sizeMb: 40, maxMb: 32, allowed: 'cosecha (harvest)',
    };
    for (const locale of ['es-MX', 'en'] as const) {
      const t = await importsTranslator(locale);
      for (const code of [...Object.values(ERR), ...Object.values(WARN)]) {
        const text = t(code, params);
        expect(text, `${locale} ${code}`).to.be.a('string').and.not.match(/\{\{|\}\}/);
        expect(text, `${locale} ${code}`).to.not.equal(code);
      }
    }
  });
});
