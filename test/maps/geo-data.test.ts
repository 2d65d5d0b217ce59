import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { codeProperty, loadGeoJson, loadGeoJsonText, topologyObject, topologyPath } from '../../server/maps/geo-data.ts';
import { attributionText, mapLabels } from '../../server/maps/map-labels.ts';
import { isSafeColor, riskLevelPalette } from '../../server/maps/palette.ts';
import { mapsLocale, mapsTranslator } from './i18n.ts';

describe('maps: geo data', () => {
  it('loads the 32 states with their INEGI code and name', () => {
    const fc = loadGeoJson('state');
    expect(fc.type).to.equal('FeatureCollection');
    expect(fc.features).to.have.length(32);
    const chis = fc.features.find((f) => f.properties.CVE_ENT === '07');
    expect(chis?.properties.NOM_ENT).to.equal('Chiapas');
    expect(codeProperty('state')).to.equal('CVE_ENT');
  });

  it('loads 2,475 municipalities, or one state of them, and caches the result', () => {
    const all = loadGeoJson('municipality');
    expect(all.features).to.have.length(2475);
    expect(loadGeoJson('municipality')).to.equal(all);
    const ags = loadGeoJson('municipality', '01');
    expect(ags.features.map((f) => f.properties.CVEGEO)).to.have.members([
      '01001', '01002', '01003', '01004', '01005', '01006', '01007', '01008', '01009', '01010', '01011',
    ]);
    expect(loadGeoJson('municipality', '01')).to.equal(ags);
    expect(codeProperty('municipality')).to.equal('CVEGEO');
  });

  it('refuses a malformed state code', () => {
    expect(() => loadGeoJson('municipality', '7')).to.throw(RangeError);
    expect(() => loadGeoJson('municipality', '07; drop')).to.throw(RangeError);
  });

  it('serialises GeoJSON for HTTP with coordinates rounded to 4 decimals', () => {
    const text = loadGeoJsonText('state');
    const parsed = JSON.parse(text) as { features: { geometry: { coordinates: unknown } }[] };
    expect(parsed.features).to.have.length(32);
    const numbers = text.match(/-?\d+\.\d+/g) ?? [];
    expect(numbers.length).to.be.greaterThan(1000);
    expect(numbers.every((n) => n.split('.')[1].length <= 4)).to.equal(true);
    expect(loadGeoJsonText('state')).to.equal(text);
  });

  it('points at the TopoJSON files inside the repository', () => {
    expect(topologyPath('state')).to.match(/data[\\/]mx[\\/]estados\.topo\.json$/);
    expect(existsSync(topologyPath('municipality'))).to.equal(true);
    expect(topologyObject('municipality')).to.equal('municipios');
  });
});

describe('maps: palette and labels', () => {
  it('gives ordered yellow-to-red colours for the number of levels', () => {
    expect(riskLevelPalette(3)).to.deep.equal(['#ffeda0', '#feb24c', '#f03b20']);
    expect(riskLevelPalette(4)).to.have.length(4);
    expect(() => riskLevelPalette(0)).to.throw(RangeError);
    expect(() => riskLevelPalette(10)).to.throw(RangeError);
  });

  it('accepts only plain colour syntax', () => {
    for (const ok of ['#fff', '#f03b20', '#f03b20cc', 'red', 'rgb(1, 2, 3)', 'hsla(10, 50%, 50%, 0.5)']) expect(isSafeColor(ok), ok).to.equal(true);
    for (const bad of ['#f03b20" onload="x', 'url(http://x)', 'red;background:url(x)', 'expression(alert(1))']) expect(isSafeColor(bad), bad).to.equal(false);
  });

  it('has the same keys in Spanish and English', () => {
    const keys = (o: unknown, prefix = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(mapsLocale('en')).sort()).to.deep.equal(keys(mapsLocale('es-MX')).sort());
  });

  it('builds the browser map labels and attribution from i18n', async () => {
    const t = await mapsTranslator('es-MX');
    const labels = mapLabels(t);
    expect(labels.source).to.equal('Fuente: INEGI');
    expect(labels.demo).to.equal('demo — datos no oficiales');
    expect(labels.noData).to.equal('Sin datos');
    expect(attributionText(t, { name: 'CLRISK', version: '2018', isDemo: false })).to.equal('Fuente: INEGI · Datos de riesgo: CLRISK 2018');
  });
});
