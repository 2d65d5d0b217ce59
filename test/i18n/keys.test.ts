import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadResources, LOCALES } from '../../server/i18n/index.ts';
import { PROJECT_ROOT } from '../../server/config.ts';

function flatten(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function walk(dir: string, ext: string[]): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return walk(p, ext);
    return ext.some((e) => p.endsWith(e)) ? [p] : [];
  });
}

describe('i18n', () => {
  const keys = Object.fromEntries(LOCALES.map((l) => [l, new Set(flatten(loadResources(l)))]));

  it('es-MX and en define exactly the same keys', () => {
    const es = [...keys['es-MX']];
    const en = [...keys.en];
    expect(es.filter((k) => !keys.en.has(k)), 'missing in en').to.deep.equal([]);
    expect(en.filter((k) => !keys['es-MX'].has(k)), 'missing in es-MX').to.deep.equal([]);
  });

  it('every key used literally in templates exists in both locales', () => {
    const used = new Set<string>();
    for (const file of walk(path.join(PROJECT_ROOT, 'templates'), ['.hbs'])) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\(?\bt\s+"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
    }
    expect(used.size).to.be.greaterThan(50);
    for (const locale of LOCALES) {
      expect([...used].filter((k) => !keys[locale].has(k)), `missing in ${locale}`).to.deep.equal([]);
    }
  });

  it('every key used literally in server code exists in both locales', () => {
    const used = new Set<string>();
    const namespaces = new Set([...keys['es-MX']].map((k) => k.split('.')[0]));
    for (const file of walk(path.join(PROJECT_ROOT, 'server'), ['.ts'])) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:\bt\(|key:\s*|Key\s*=\s*|\bnew \w+\(|flash\(req, '\w+', )\s*'([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)'/g)) {
        if (namespaces.has(m[1].split('.')[0])) used.add(m[1]);
      }
    }
    expect(used.size).to.be.greaterThan(20);
    for (const locale of LOCALES) {
      expect([...used].filter((k) => !keys[locale].has(k)), `missing in ${locale}`).to.deep.equal([]);
    }
  });
});
