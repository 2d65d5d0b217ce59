import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mexicoTerritories } from '../../server/territories/territory.data.ts';
import { buildTerritoryIndex } from '../../server/territories/territory.index.ts';
import { searchTerritories, type TerritorySearchResult } from '../../server/territories/territory.search.ts';

// The expected codes below were looked up in the INEGI file itself; this re-checks each one
// against it, so a wrong expectation fails as such rather than as a search bug.
const inegi = JSON.parse(readFileSync(new URL('../../data/mx/municipios.json', import.meta.url), 'utf8')) as {
  cve_completa: string; nom_municipio: string; nom_entidad: string; cve_entidad: string;
}[];
function inCatalogue(code: string, name: string, state: string): string {
  const row = inegi.find((r) => r.cve_completa === code);
  expect(row, `INEGI ${code}`).to.include({ nom_municipio: name, nom_entidad: state });
  return code;
}

describe('territory search', () => {
  const index = buildTerritoryIndex(mexicoTerritories());
  const find = (q: Parameters<typeof searchTerritories>[1], opts?: Parameters<typeof searchTerritories>[2]) => searchTerritories(index, q, opts);
  function expectExact(r: TerritorySearchResult, code: string, level: 'state' | 'municipality' = 'municipality') {
    expect(r.status, JSON.stringify(r.candidates.slice(0, 3))).to.equal('exact');
    expect(r.match).to.include({ code, level, exact: true });
    expect(r.candidates[0].code).to.equal(code);
    expect(r.candidates.filter((c) => c.exact)).to.have.length(1);
  }

  describe('states', () => {
    it('knows Mexico City by all its names', () => {
      for (const q of ['CDMX', 'Distrito Federal', 'D.F.', 'DF', 'Ciudad de México', 'Cd. de México', 'ciudad de mexico']) {
        expectExact(find(q), '09', 'state');
      }
    });

    it('knows the State of Mexico by the way people write it', () => {
      for (const q of ['Edo. Méx.', 'Edomex', 'Estado de México', 'Edo. de México', 'edo mex']) {
        expectExact(find(q), '15', 'state');
      }
    });

    it('reads INEGI abbreviations and official long names', () => {
      expectExact(find('Chis.'), '07', 'state');
      expectExact(find('Jal.'), '14', 'state');
      expectExact(find('Mich.'), '16', 'state');
      expectExact(find('Q. Roo'), '23', 'state');
      expectExact(find('S.L.P.'), '24', 'state');
      expectExact(find('Veracruz de Ignacio de la Llave'), '30', 'state');
      expectExact(find('Coahuila de Zaragoza'), '05', 'state');
      expectExact(find('Coahuila'), '05', 'state');
      expectExact(find('Michoacán de Ocampo'), '16', 'state');
      expectExact(find('MICHOACAN'), '16', 'state');
    });
  });

  describe('municipalities', () => {
    it('expands abbreviations: "Gral. Escobedo, N.L."', () => {
      expectExact(find('Gral. Escobedo, N.L.'), inCatalogue('19021', 'General Escobedo', 'Nuevo León'));
      expectExact(find('Gral. Escobedo'), '19021');
    });

    it('"Sta. María del Tule" is Santa María del Tule, Oaxaca, not El Tule, Chihuahua', () => {
      const code = inCatalogue('20409', 'Santa María del Tule', 'Oaxaca');
      expectExact(find('Sta. María del Tule'), code);
      expectExact(find('Santa Maria del Tule, Oax.'), code);
    });

    it('"Benito Juárez" is ambiguous across states, unique with its state', () => {
      const r = find('Benito Juárez');
      expect(r.status).to.equal('ambiguous');
      expect(r.match).to.equal(null);
      const equal = r.candidates.filter((c) => c.score === 1).map((c) => c.code);
      expect(equal).to.have.members([
        inCatalogue('09014', 'Benito Juárez', 'Ciudad de México'),
        inCatalogue('12014', 'Benito Juárez', 'Guerrero'),
        inCatalogue('23005', 'Benito Juárez', 'Quintana Roo'),
        inCatalogue('26071', 'Benito Juárez', 'Sonora'),
        inCatalogue('29045', 'Benito Juárez', 'Tlaxcala'),
        inCatalogue('30027', 'Benito Juárez', 'Veracruz de Ignacio de la Llave'),
        inCatalogue('32004', 'Benito Juárez', 'Zacatecas'),
      ]);
      expect(r.candidates.every((c) => !c.exact)).to.equal(true);
      // Asking for one candidate does not turn the ambiguity into an answer.
      expect(find('Benito Juárez', { limit: 1 })).to.deep.include({ status: 'ambiguous', match: null });
      expectExact(find('Benito Juárez, Quintana Roo'), '23005');
      expectExact(find('Benito Juárez, Q. Roo'), '23005');
      expectExact(find('Benito Juarez Quintana Roo'), '23005');
      expectExact(find({ state: 'Quintana Roo', municipality: 'Benito Juárez' }), '23005');
      expectExact(find('Benito Juárez, CDMX'), '09014');
    });

    it('"Tapachula, Chis." and the Phase II pilot municipalities', () => {
      expectExact(find('Tapachula, Chis.'), inCatalogue('07089', 'Tapachula', 'Chiapas'));
      expectExact(find('Tapachula, Chiapas, México'), '07089');
      expectExact(find({ state: 'Chiapas', municipality: 'Tuxtla Gutiérrez' }), inCatalogue('07101', 'Tuxtla Gutiérrez', 'Chiapas'));
      expectExact(find('Villa Victoria, Edo. Méx.'), inCatalogue('15114', 'Villa Victoria', 'México'));
    });

    it('Juárez: ambiguous alone; Chihuahua vs Nuevo León by state; "Cd. Juárez" is Chihuahua', () => {
      const chih = inCatalogue('08037', 'Juárez', 'Chihuahua');
      const nl = inCatalogue('19031', 'Juárez', 'Nuevo León');
      expect(find('Juárez').status).to.equal('ambiguous');
      expect(find('Juárez').candidates.filter((c) => c.score === 1)).to.have.length(5);
      expectExact(find('Juárez, Chihuahua'), chih);
      expectExact(find('Juarez Chih.'), chih);
      expectExact(find('Juárez, Nuevo León'), nl);
      expectExact(find('Juárez, N.L.'), nl);
      expectExact(find('Cd. Juárez'), chih);
      expectExact(find('Ciudad Juárez, Chih.'), chih);
    });

    it('"San Pedro Garza García" is not San Nicolás de los Garza', () => {
      expectExact(find('San Pedro Garza García'), inCatalogue('19019', 'San Pedro Garza García', 'Nuevo León'));
      expectExact(find('Sn. Pedro Garza Garcia, NL'), '19019');
    });

    it('matches names with ñ and ü written with or without the marks', () => {
      const nuuSavi = inCatalogue('12083', 'Ñuu Savi', 'Guerrero');
      expectExact(find('Ñuu Savi'), nuuSavi);
      expectExact(find('NUU SAVI, GRO.'), nuuSavi);
      expectExact(find('Tinguindin'), inCatalogue('16091', 'Tingüindín', 'Michoacán de Ocampo'));
      expectExact(find('Güémez, Tamaulipas'), inCatalogue('28013', 'Güémez', 'Tamaulipas'));
      expectExact(find('Penamiller'), inCatalogue('22013', 'Peñamiller', 'Querétaro'));
      expectExact(find('San Juan Numi'), inCatalogue('20210', 'San Juan Ñumí', 'Oaxaca'));
    });

    it('Oaxaca "San Juan …": many candidates, none picked', () => {
      const r = find('San Juan, Oax.', { limit: 60 });
      expect(r.status).to.equal('candidates');
      expect(r.candidates.length).to.be.at.least(50);
      expect(r.candidates.every((c) => c.stateCode === '20' && !c.exact)).to.equal(true);
      expect(r.candidates.every((c) => c.name.startsWith('San Juan'))).to.equal(true);
      expectExact(find('San Juan Bautista Tuxtepec'), inCatalogue('20184', 'San Juan Bautista Tuxtepec', 'Oaxaca'));
    });

    it('INEGI\'s two "San Juan Mixtepec" of Oaxaca differ only by district, written in the head town', () => {
      expect(find('San Juan Mixtepec, Oax.').status).to.equal('ambiguous');
      expectExact(find('San Juan Mixtepec Distrito 08'), inCatalogue('20208', 'San Juan Mixtepec', 'Oaxaca'));
      expectExact(find('San Juan Mixtepec -Dto. 26-'), inCatalogue('20209', 'San Juan Mixtepec', 'Oaxaca'));
    });

    it('"San Juan del Río" exists in Durango, Oaxaca and Querétaro', () => {
      const r = find('San Juan del Río');
      expect(r.status).to.equal('ambiguous');
      expect(r.candidates.slice(0, 3).map((c) => c.code)).to.deep.equal([
        inCatalogue('10028', 'San Juan del Río', 'Durango'),
        inCatalogue('20194', 'San Juan del Río', 'Oaxaca'),
        inCatalogue('22016', 'San Juan del Río', 'Querétaro'),
      ]);
      expect(r.candidates).to.have.length(3);
      expectExact(find('San Juan del Río, Qro.'), '22016');
    });

    it('finds a municipality by its head town, but never picks when a name and a head town collide', () => {
      const cancun = find('Cancún');
      expectExact(cancun, '23005');
      expect(cancun.match!.matchedBy).to.equal('headTown');
      expectExact(find('H. Matamoros, Tamps.'), inCatalogue('28022', 'Matamoros', 'Tamaulipas'));
      // Tlalnepantla, Morelos vs the head town of Tlalnepantla de Baz, Estado de México.
      const r = find('Tlalnepantla');
      expect(r.status).to.equal('ambiguous');
      expect(r.candidates.slice(0, 2).map((c) => c.code)).to.deep.equal([
        inCatalogue('17023', 'Tlalnepantla', 'Morelos'),
        inCatalogue('15104', 'Tlalnepantla de Baz', 'México'),
      ]);
    });

    it('keeps a comma that is part of an official name', () => {
      const name = 'Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia de Oaxaca';
      expectExact(find(name), inCatalogue('20549', name, 'Oaxaca'));
    });

    it('reads "Dr." and "Villa de" both ways', () => {
      const code = inCatalogue('08022', 'Dr. Belisario Domínguez', 'Chihuahua');
      expectExact(find('Doctor Belisario Dominguez, Chih.'), code);
      expectExact(find('Dr. Belisario Domínguez'), code);
      const zaachila = find('Zaachila');
      expect(zaachila.match).to.include({ code: inCatalogue('20565', 'Villa de Zaachila', 'Oaxaca'), matchedBy: 'prefix' });
    });

    it('suggests without deciding on a typo', () => {
      const r = find('Tapachla, Chiapas');
      expect(r.status).to.equal('candidates');
      expect(r.candidates[0]).to.include({ code: '07089', matchedBy: 'fuzzy', exact: false });
      expect(r.candidates[0].score).to.be.below(0.95).and.above(0.7);
    });

    it('offers the place elsewhere and the written state when they disagree', () => {
      const r = find('Tapachula, Jalisco');
      expect(r.status).to.equal('candidates');
      expect(r.candidates.map((c) => c.code)).to.include.members(['07089', '14']);
      expect(r.candidates.every((c) => !c.exact)).to.equal(true);
    });

    it('accepts INEGI codes and restricts levels on request', () => {
      expectExact(find('07089'), '07089');
      expectExact(find('MX-07'), '07', 'state');
      expectExact(find({ state: '7', municipality: '89' }), '07089');
      expect(find('Chihuahua').status).to.equal('ambiguous');
      expectExact(find('Chihuahua', { levels: ['municipality'] }), inCatalogue('08019', 'Chihuahua', 'Chihuahua'));
      expectExact(find('Chihuahua', { levels: ['state'] }), '08', 'state');
    });

    it('returns nothing for text that names no place', () => {
      expect(find('zzzz qqqq').status).to.equal('none');
      expect(find('   ').candidates).to.deep.equal([]);
    });
  });

  // Bulk import resolves thousands of rows at once; speed is measured outside the suite (~1 s here).
  it('resolves 10,000 distinct place strings the way they are written in bulk imports', function () {
    this.timeout(30_000);
    const all = mexicoTerritories();
    const states = new Map(all.filter((t) => t.level === 'state').map((t) => [t.code, t]));
    const munis = all.filter((t) => t.level === 'municipality');
    // Municipalities written five ways, the last with one letter dropped as typed in a hurry:
    // all strings distinct, so the result cache does not help.
    const queries = munis.slice(0, 2000).flatMap((m) => {
      const s = states.get(m.stateCode)!;
      const typo = m.name.slice(0, 2) + m.name.slice(3);
      return [
        `${m.name}, ${s.abbreviation}`,
        `${m.name} ${s.name}`.toUpperCase(),
        { state: s.name, municipality: m.name },
        `${m.name.toLowerCase()}; ${s.code}`,
        `${typo}, ${s.name}`,
      ];
    });
    expect(queries).to.have.length(10_000);
    const fresh = buildTerritoryIndex(all);
    const results = queries.map((q) => searchTerritories(fresh, q));
    // The four correctly written forms name their municipality, except where INEGI itself has
    // two municipalities of one name in one state.
    const wrong = results
      .map((r, i) => ({ r, m: munis[Math.floor(i / 5)], form: i % 5 }))
      .filter(({ r, m, form }) => form !== 4 && r.match?.code !== m.code);
    expect(new Set(wrong.map(({ m }) => m.code))).to.deep.equal(new Set(['20208', '20209', '20318', '20319']));
    expect(wrong.every(({ r }) => r.status === 'ambiguous')).to.equal(true);
    // Typed in a hurry: never a wrong exact answer.
    const typos = results.filter((r, i) => i % 5 === 4 && r.match && r.match.code !== munis[Math.floor(i / 5)].code);
    expect(typos.map((r) => r.match!.code)).to.deep.equal([]);
  });
});
