import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadResources, LOCALES, translator } from '../../server/i18n/index.ts';
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
  // A plural key (t('x', { count })) is defined by its forms x_one, x_other.
  const usable = Object.fromEntries(LOCALES.map((l) => [l, new Set([...keys[l], ...[...keys[l]].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ''))])]));

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
      expect([...used].filter((k) => !usable[locale].has(k)), `missing in ${locale}`).to.deep.equal([]);
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
      expect([...used].filter((k) => !usable[locale].has(k)), `missing in ${locale}`).to.deep.equal([]);
    }
  });
});

describe('i18n plurals', () => {
  it('every plural key has its "one" and "other" forms in both locales', () => {
    for (const locale of LOCALES) {
      const all = new Set(flatten(loadResources(locale)));
      for (const k of all) {
        const m = /^(.*)_(one|other)$/.exec(k);
        if (m) expect(all.has(`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`), `${locale} ${k}`).to.equal(true);
      }
    }
  });

  it('says "1 lugar", "1 cliente", "2 hallazgos": one and other forms chosen by count', () => {
    const es = translator('es-MX');
    const en = translator('en');
    expect(es('imports.commit.unresolvedPlaces', { count: 1 })).to.equal('Falta 1 lugar por confirmar antes de importar.');
    expect(es('imports.commit.unresolvedPlaces', { count: 3 })).to.equal('Faltan 3 lugares por confirmar antes de importar.');
    expect(es('reports.portfolio.clients', { count: 1 })).to.equal('1 cliente');
    expect(es('remediation.findings.count', { count: 2 })).to.equal('2 hallazgos');
    expect(es('remediation.findings.count', { count: 0 })).to.equal('0 hallazgos');
    expect(en('remediation.findings.count', { count: 1 })).to.equal('1 finding');
  });
});
