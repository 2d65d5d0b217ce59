import { expect } from 'chai';
import { headerLookup, matchSuppliers, type ExistingSupplier, type SupplierPlan } from '../../../server/suppliers/import/import.match.ts';
import { planSites, type ExistingSite } from '../../../server/suppliers/import/import.sites.ts';
import { findLoop } from '../../../server/suppliers/import/import.loop.ts';
import { orderedUuid } from '../../../server/suppliers/import/import.ids.ts';
import { pgTextArray } from '../../../server/suppliers/import/import.staging.ts';
import { placeKey, type PlaceChoice } from '../../../server/suppliers/import/import.places.ts';
import type { ParsedSite, ParsedSupplier } from '../../../server/suppliers/import/types.ts';

function supplier(row: number, over: Partial<ParsedSupplier>): ParsedSupplier {
  const taxId = over.taxId ?? null;
  return {
    legalName: `Proveedor ${row}`, tradeName: null, taxId, taxIdKind: taxId ? 'moral' : null, externalId: null, sectorCode: null,
    commodities: [], tier: null, parents: [], contactName: null, contactEmail: null, contactPhone: null,
    key: taxId ?? over.externalId ?? `k${row}`, keyKind: taxId ? 'tax_id' : 'external_id', rows: [row], sites: [], ...over,
  };
}

function stored(id: string, over: Partial<ExistingSupplier>): ExistingSupplier {
  return { id, tax_id: null, external_id: null, legal_name: `Registrado ${id}`, trade_name: null, tier: 1, status: 'active', ...over };
}

const headers = headerLookup([{ header: 'RFC', field: 'tax_id' }, { header: 'Clave', field: 'external_id' }, { header: 'Padre', field: 'parent' }]);
const sequence = () => {
  let n = 0;
  return () => `new-${++n}`;
};

describe('supplier import: matching against stored suppliers', () => {
  it('finds stored suppliers by RFC first, then by external ID, and counts new ones', () => {
    const m = matchSuppliers(
      [supplier(2, { taxId: 'AAA010101AA1', externalId: 'X-9' }), supplier(3, { externalId: 'E-1' }), supplier(4, { taxId: 'CCC010101AA1' })],
      [stored('s1', { tax_id: 'AAA010101AA1' }), stored('s2', { external_id: 'E-1', tax_id: 'BBB010101AA1' })],
      headers,
      sequence(),
    );
    expect(m.issues).to.deep.equal([]);
    expect(m.suppliers.map((p) => [p.id, p.existing?.id ?? null])).to.deep.equal([['s1', 's1'], ['s2', 's2'], ['new-1', null]]);
    expect([m.created, m.updated]).to.deep.equal([1, 2]);
  });

  it('names the row and column of identity clashes with stored suppliers', () => {
    const m = matchSuppliers(
      [
        supplier(2, { taxId: 'AAA010101AA1', externalId: 'E-2' }),
        supplier(3, { taxId: 'DDD010101AA1', externalId: 'E-3' }),
        supplier(4, { externalId: 'E-1' }),
        supplier(5, { taxId: 'FFF010101AA1', externalId: 'E-5' }),
      ],
      [
        stored('s1', { tax_id: 'AAA010101AA1', external_id: 'E-1' }),
        stored('s2', { external_id: 'E-2', legal_name: 'Otro' }),
        stored('s3', { external_id: 'E-3', tax_id: 'GGG010101AA1', legal_name: 'Tercero' }),
      ],
      headers,
      sequence(),
    );
    expect(m.issues.map((i) => [i.row, i.column, i.code, i.params])).to.deep.equal([
      [2, 'Clave', 'imports.errors.externalIdTaken', { value: 'E-2', name: 'Otro' }],
      [3, 'Clave', 'imports.errors.externalIdOtherRfc', { value: 'E-3', name: 'Tercero', rfc: 'GGG010101AA1' }],
      [4, 'Clave', 'imports.errors.sameStoredSupplier', { name: 'Registrado s1', otherRow: 2 }],
    ]);
  });

  it('resolves parents in the file (external IDs without case) or stored, and settles tiers from them', () => {
    // A (stored parent, tier 2) ← B ← C; D has parents A and C: min(2, 4) + 1 = 3.
    const m = matchSuppliers(
      [
        supplier(2, { taxId: 'BBB010101AA1', externalId: 'Prv-B', parents: ['AAA010101AA1'] }),
        supplier(3, { externalId: 'C-1', parents: ['prv-b'], tier: 1 }),
        supplier(4, { externalId: 'D-1', parents: ['C-1', 'A-EXT'] }),
        supplier(5, { externalId: 'E-1', tier: 4 }),
        supplier(6, { externalId: 'F-1', parents: ['NOBODY'] }),
      ],
      [stored('a', { tax_id: 'AAA010101AA1', external_id: 'A-EXT', tier: 2 })],
      headers,
      sequence(),
    );
    expect(m.issues.map((i) => [i.row, i.column, i.code, i.params])).to.deep.equal([[6, 'Padre', 'imports.errors.parentNotFound', { value: 'NOBODY' }]]);
    expect(m.links.map((l) => [l.childId, l.parentId, l.row])).to.deep.equal([
      ['new-1', 'a', 2],
      ['new-2', 'new-1', 3],
      ['new-3', 'new-2', 4],
      ['new-3', 'a', 4],
    ]);
    expect(Object.fromEntries(m.tiers)).to.deep.equal({ 'new-1': 3, 'new-2': 4, 'new-3': 3, 'new-4': 4, 'new-5': 1 });
  });

  it('reports a loop inside the file at the row that closes it', () => {
    const m = matchSuppliers(
      [
        supplier(2, { externalId: 'A', legalName: 'Alfa', parents: ['C'] }),
        supplier(3, { externalId: 'B', legalName: 'Beta', parents: ['A'] }),
        supplier(4, { externalId: 'C', legalName: 'Gama', parents: ['B'] }),
      ],
      [],
      headers,
      sequence(),
    );
    expect(m.issues).to.have.length(1);
    const [issue] = m.issues;
    expect([issue.row, issue.column, issue.code]).to.deep.equal([2, 'Padre', 'imports.errors.cycle']);
    expect(['Alfa → Gama → Beta → Alfa', 'Beta → Alfa → Gama → Beta', 'Gama → Beta → Alfa → Gama']).to.include(issue.params.path);
  });
});

describe('supplier import: sites and helpers', () => {
  const zamora: PlaceChoice = { code: '16108', level: 'municipality', name: 'Zamora', stateCode: '16', stateName: 'Michoacán de Ocampo' };
  const jacona: PlaceChoice = { code: '16043', level: 'municipality', name: 'Jacona', stateCode: '16', stateName: 'Michoacán de Ocampo' };
  const site = (row: number, name: string | null, code: string): ParsedSite => ({
    row, name, address: null, territory: { state: null, municipality: null, code }, latitude: null, longitude: null,
    workforce: { total: null, women: null, adolescents: null, seasonal: null, migrant: null, indigenous: null, family: null, subcontracted: null },
    activities: [],
  });
  const territories = new Map([[placeKey({ state: null, municipality: null, code: '16108' }), zamora], [placeKey({ state: null, municipality: null, code: '16043' }), jacona]]);

  it('names unnamed sites after the supplier and municipality, never reusing a name the file gives', () => {
    const plan: SupplierPlan = {
      id: 's1', existing: null,
      supplier: supplier(2, { tradeName: 'Berries Sol', sites: [site(2, null, '16108'), site(3, 'Berries Sol – Zamora', '16043'), site(4, null, '16108'), site(5, null, '16043')] }),
    };
    const sites = planSites([plan], territories, [], sequence());
    expect(sites.map((s) => [s.site.row, s.name, s.territory.code, s.isNew])).to.deep.equal([
      [3, 'Berries Sol – Zamora', '16043', true],
      [2, 'Berries Sol – Zamora (2)', '16108', true],
      [4, 'Berries Sol – Zamora (3)', '16108', true],
      [5, 'Berries Sol – Jacona', '16043', true],
    ]);
  });

  it('matches stored sites by name without case or accents, preferring the same territory, then the oldest', () => {
    const plan: SupplierPlan = { id: 's1', existing: stored('s1', {}), supplier: supplier(2, { sites: [site(2, 'RANCHO LOS PINOS', '16043'), site(3, 'Empaque', '16108')] }) };
    const storedSites: ExistingSite[] = [
      { id: 'old', supplier_id: 's1', name: 'Rancho los Piños', territory_code: '16108' },
      { id: 'same-place', supplier_id: 's1', name: 'rancho  los pinos', territory_code: '16043' },
      { id: 'empaque-1', supplier_id: 's1', name: 'Empaque', territory_code: '16043' },
      { id: 'empaque-2', supplier_id: 's1', name: 'empaque', territory_code: '16043' },
      { id: 'other-supplier', supplier_id: 's2', name: 'Empaque', territory_code: '16108' },
    ];
    const sites = planSites([plan], territories, storedSites, sequence());
    expect(sites.map((s) => [s.name, s.id, s.isNew])).to.deep.equal([
      ['RANCHO LOS PINOS', 'same-place', false],
      ['Empaque', 'empaque-1', false],
    ]);
  });

  it('finds a loop in supply order, or none', () => {
    const links = [
      { parentId: 'a', childId: 'b' },
      { parentId: 'b', childId: 'c' },
      { parentId: 'c', childId: 'a' },
      { parentId: 'a', childId: 'd' },
    ];
    const loop = findLoop(links, ['a', 'b', 'c', 'd'])!;
    expect(loop).to.have.length(3);
    // Supply order: each element's parent is the next one.
    for (let i = 0; i < loop.length; i++) {
      expect(links.some((l) => l.childId === loop[i] && l.parentId === loop[(i + 1) % loop.length])).to.equal(true);
    }
    expect(findLoop(links.slice(0, 2).concat(links[3]), ['a', 'b', 'c', 'd'])).to.equal(null);
  });

  it('writes text arrays as PostgreSQL literals and hands out ids in creation order', () => {
    expect(pgTextArray(['fresa', 'a "b"', 'c\\d', 'x,y'])).to.equal('{"fresa","a \\"b\\"","c\\\\d","x,y"}');
    expect(pgTextArray([])).to.equal('{}');
    const ids = Array.from({ length: 5000 }, orderedUuid);
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(5000);
    expect(ids[0]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
