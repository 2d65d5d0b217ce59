import { expect } from 'chai';
import { renderChoroplethSvg, type ChoroplethSvgOptions } from '../../server/maps/svg-map.ts';
import type { Translate } from '../../server/maps/map-labels.ts';
import { mapsTranslator } from './i18n.ts';

const LEVELS = [
  { key: 'low', label: 'Bajo', color: '#ffeda0' },
  { key: 'medium', label: 'Medio', color: '#feb24c' },
  { key: 'high', label: 'Alto', color: '#f03b20' },
];

function codes(svg: string): string[] {
  return [...svg.matchAll(/<path d="[^"]*" data-code="([^"]+)"/g)].map((m) => m[1]);
}

function fillOf(svg: string, code: string): string | undefined {
  return new RegExp(`data-code="${code}" data-level="[^"]*" fill="([^"]+)"`).exec(svg)?.[1];
}

function legendLabels(svg: string): string[] {
  const legend = /<g class="legend">(.*?)<\/g><text class="attribution"/.exec(svg)?.[1] ?? '';
  return [...legend.matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1]);
}

function allStates(level: string): Record<string, { level: string }> {
  return Object.fromEntries(Array.from({ length: 32 }, (_, i) => [String(i + 1).padStart(2, '0'), { level }]));
}

describe('maps: renderChoroplethSvg', () => {
  let t: Translate;
  const render = (o: Partial<ChoroplethSvgOptions>) => renderChoroplethSvg({ level: 'state', values: {}, levels: LEVELS, t, ...o });

  before(async () => {
    t = await mapsTranslator('es-MX');
  });

  it('draws each of the 32 states as one path carrying its INEGI code', () => {
    const svg = render({});
    const expected = Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0'));
    expect(codes(svg)).to.have.length(32);
    expect([...codes(svg)].sort()).to.deep.equal(expected);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.endsWith('</svg>')).to.equal(true);
  });

  it('fills each territory with the colour of its level, and grey when it has no known level', () => {
    const svg = render({
      values: { '08': { level: 'high' }, '14': { level: 'medium' }, '01': { level: 'low' }, '05': { level: 'extreme' } },
    });
    expect(fillOf(svg, '08')).to.equal('#f03b20');
    expect(fillOf(svg, '14')).to.equal('#feb24c');
    expect(fillOf(svg, '01')).to.equal('#ffeda0');
    expect(fillOf(svg, '05')).to.equal('#d9d9d9'); // level not in the dataset's set
    expect(fillOf(svg, '32')).to.equal('#d9d9d9'); // no value at all
    expect(svg).to.contain('data-code="08" data-level="high"');
  });

  it('puts name, level and index in the hover title of a territory', () => {
    const svg = render({ values: { '08': { level: 'high', index: 0.625 }, '14': { level: 'low', label: 'Jalisco (JAL)' } } });
    expect(svg).to.contain('data-code="08" data-level="high" fill="#f03b20"><title>Chihuahua — Nivel: Alto — Índice: 0.625</title>');
    expect(svg).to.contain('<title>Jalisco (JAL) — Nivel: Bajo</title>');
    expect(svg).to.contain('<title>Zacatecas — Sin datos</title>');
  });

  it('shows a legend from highest to lowest level, with "no data" only when a territory lacks one', () => {
    expect(legendLabels(render({ values: { '08': { level: 'high' } } }))).to.deep.equal(['Alto', 'Medio', 'Bajo', 'Sin datos']);
    expect(legendLabels(render({ values: allStates('low') }))).to.deep.equal(['Alto', 'Medio', 'Bajo']);
    expect(render({})).to.contain('>Riesgo de trabajo infantil</text>');
  });

  it('credits INEGI and the dataset, and labels demo data only when the dataset is a demo', () => {
    const official = render({ dataset: { name: 'CLRISK STPS', version: '2018', isDemo: false } });
    expect(official).to.contain('<text class="attribution" x="8" y="630" font-size="11" fill="#444"><tspan x="8" dy="0">Fuente: INEGI · Datos de riesgo: CLRISK STPS 2018</tspan></text>');
    expect(official).not.to.contain('demo');

    const demo = render({ dataset: { name: 'CLRISK ejemplo', isDemo: true } });
    expect(demo).to.contain('>Fuente: INEGI · Datos de riesgo: CLRISK ejemplo · demo — datos no oficiales</tspan></text>');
    expect(demo).to.match(/<text class="demo-label"[^>]*>demo — datos no oficiales<\/text>/);

    expect(render({})).to.contain('>Fuente: INEGI</tspan></text>');
  });

  it('escapes every text it writes', () => {
    const svg = render({
      title: 'Riesgo <b>"alto"</b> & más',
      dataset: { name: '<script>alert(1)</script>', isDemo: false },
      values: { '08': { level: 'high', label: "O'Higgins <i>" } },
      levels: [...LEVELS.slice(0, 2), { key: 'high', label: '<Alto>', color: '#f03b20" onload="x' }],
      points: [{ lon: -99.13, lat: 19.43, name: '<img src=x>' }],
    });
    expect(svg).not.to.match(/<script|<b>|<i>|<img|<Alto>|onload="/);
    expect(svg).to.contain('Datos de riesgo: &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(svg).to.contain('>Riesgo &#60;b&#62;&#34;alto&#34;&#60;/b&#62; &#38; más</text>');
    expect(svg).to.contain('<title>O&#39;Higgins &#60;i&#62; — Nivel: &#60;Alto&#62;</title>');
    expect(svg).to.contain('<title>&#60;img src=x&#62;</title>');
    // A colour that is not plain colour syntax is not written at all.
    expect(fillOf(svg, '08')).to.equal('#d9d9d9');
  });

  it('links territories to same-origin paths only', () => {
    const svg = render({
      values: { '08': { level: 'high', href: '/territorios/08' }, '14': { level: 'low', href: 'javascript:alert(1)' }, '01': { level: 'low', href: '//evil.example/x' } },
    });
    expect(svg).to.contain('<a href="/territorios/08"><path d="');
    expect(svg.match(/<a href=/g)).to.have.length(1);
    expect(svg).not.to.contain('javascript:');
    expect(svg).not.to.contain('evil.example');
  });

  it('draws site points inside the map and drops those outside it', () => {
    const svg = render({
      points: [
        { lon: -99.13, lat: 19.43, name: 'Planta CDMX' },
        { lon: 2.35, lat: 48.86, name: 'París' },
      ],
    });
    expect(svg.match(/<circle class="site"/g)).to.have.length(1);
    expect(svg).to.contain('<title>Planta CDMX</title>');
    expect(svg).not.to.contain('París');
    expect(legendLabels(svg)).to.deep.equal(['Alto', 'Medio', 'Bajo', 'Sin datos', 'Centros de trabajo']);
  });

  it('speaks English with the English translator', async () => {
    const en = await mapsTranslator('en');
    const svg = renderChoroplethSvg({ level: 'state', values: {}, levels: LEVELS, t: en, dataset: { name: 'D', isDemo: true } });
    expect(svg).to.contain('>Source: INEGI · Risk data: D · demo — not official data</tspan></text>');
    expect(svg).to.contain('>No data</text>');
  });

  it('rejects a state filter on a state-level map', () => {
    expect(() => render({ stateCode: '07' })).to.throw(RangeError);
  });

  describe('municipal maps', () => {
    let national: string;
    before(() => {
      national = render({ level: 'municipality', values: { '07101': { level: 'high' } } });
    });

    it('draws the 2,475 municipalities that have a boundary, plus state borders', () => {
      const all = codes(national);
      expect(all).to.have.length(2475);
      expect(new Set(all).size).to.equal(2475);
      // Created in 2024, no INEGI boundary yet.
      for (const missing of ['24059', '25019', '25020']) expect(all).not.to.include(missing);
      expect(national.match(/<path class="state-borders"/g)).to.have.length(1);
      expect(fillOf(national, '07101')).to.equal('#f03b20');
      expect(fillOf(national, '07102')).to.equal('#d9d9d9');
    });

    it('draws only the chosen state municipalities when filtered', () => {
      const ags = codes(render({ level: 'municipality', stateCode: '01' }));
      expect(ags.sort()).to.deep.equal(['01001', '01002', '01003', '01004', '01005', '01006', '01007', '01008', '01009', '01010', '01011']);
      const chiapas = codes(render({ level: 'municipality', stateCode: '07' }));
      expect(chiapas).to.have.length(124);
      expect(chiapas.every((c) => c.startsWith('07'))).to.equal(true);
      expect(render({ level: 'municipality', stateCode: '07' })).to.contain('>Mapa de municipios coloreados por nivel de riesgo.</title>');
    });
  });
});
