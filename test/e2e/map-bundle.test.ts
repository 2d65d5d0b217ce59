import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { useBrowser } from '../support/e2e.ts';
import { BUILD_DIR, ROOT, ensureClientBuild } from '../support/client-build.ts';
import { send, startStaticServer } from '../support/static-server.ts';

// The map bundle against the real INEGI boundaries, served under the app's strict CSP.
const LEVELS = [
  { key: 'low', label: 'Bajo', color: '#ffeda0' },
  { key: 'medium', label: 'Medio', color: '#feb24c' },
  { key: 'high', label: 'Alto', color: '#f03b20' },
];

function statesPayload(datasetName: string, isDemo: boolean) {
  const values: Record<string, unknown> = {};
  for (let i = 1; i <= 31; i++) values[String(i).padStart(2, '0')] = { level: 'low', label: `Estado ${i}`, index: 0.1 };
  values['08'] = { level: 'high', label: 'Chihuahua', index: 0.625, href: '/territorios/08' };
  values['14'] = { level: 'medium', label: 'Jalisco', index: 0.4 };
  // '32' (Zacatecas) left without a value: drawn as "no data".
  return {
    dataset: { name: datasetName, version: '2024.1', isDemo },
    values,
    levels: LEVELS,
    labels: { source: 'Fuente: INEGI', demo: 'demo — datos no oficiales', legendTitle: 'Riesgo', noData: 'Sin datos', level: 'Nivel', index: 'Índice' },
  };
}

const POINTS = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-99.13, 19.43] }, properties: { name: 'Planta CDMX', level: 'high' } }],
};

function page(mapAttrs: string): string {
  return `<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>map</title>
<link rel="stylesheet" href="/build/leaflet.css"><link rel="stylesheet" href="/build/map.css"></head>
<body><div ${mapAttrs}></div><script src="/build/map.js"></script></body></html>`;
}

const PAGES: Record<string, string> = {
  '/states': page(
    'data-map data-geo-url="/geo/estados.topo.json" data-values-url="/values/demo.json" data-points-url="/points.json" data-code-prop="CVE_ENT" data-label-sites="Centros de trabajo"',
  ),
  '/aguascalientes': page(
    'data-map data-geo-url="/geo/municipios.topo.json" data-topo-object="municipios" data-state-code="01" data-values-url="/values/official.json" data-code-prop="CVEGEO"',
  ),
  '/hostile': page('data-map data-geo-url="/geo/estados.topo.json" data-values-url="/values/hostile.json" data-code-prop="CVE_ENT"'),
  '/broken': page('data-map data-geo-url="/geo/missing.json" data-values-url="/values/demo.json" data-label-error="No se pudo cargar el mapa."'),
  '/territorios/08': '<!doctype html><title>Chihuahua</title><h1>Chihuahua</h1>',
};

const JSON_ROUTES: Record<string, unknown> = {
  '/values/demo.json': statesPayload('CLRISK demo', true),
  '/values/official.json': {
    dataset: { name: 'CLRISK STPS', isDemo: false },
    values: { '01001': { level: 'high', label: 'Aguascalientes', index: 0.7 }, '01002': { level: 'low', label: 'Asientos', index: 0.2 } },
    levels: LEVELS,
    labels: { source: 'Fuente: INEGI', demo: 'demo — datos no oficiales', legendTitle: 'Riesgo', noData: 'Sin datos' },
  },
  '/values/hostile.json': statesPayload('<img src=x id=injected>', false),
  '/points.json': POINTS,
};

describe('client map bundle (browser)', function () {
  this.timeout(60_000);
  const { newPage } = useBrowser();
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  let cspViolations: string[];

  before(async () => {
    ensureClientBuild();
    server = await startStaticServer({ '/build/': BUILD_DIR, '/geo/': path.join(ROOT, 'data', 'mx') }, [
      (req, res) => {
        const url = req.url ?? '';
        if (PAGES[url]) return send(res, 200, 'text/html; charset=utf-8', PAGES[url]);
        if (JSON_ROUTES[url]) return send(res, 200, 'application/json', JSON.stringify(JSON_ROUTES[url]));
        return false;
      },
    ]);
  });

  after(async () => {
    await server?.close();
  });

  async function open(pathname: string): Promise<Page> {
    const p = await newPage();
    await p.setViewport({ width: 1000, height: 700 });
    cspViolations = [];
    p.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    await p.goto(server.url + pathname);
    await p.waitForSelector('[data-map][data-map-state]');
    return p;
  }

  it('draws the 32 states with colours by level, legend, attribution and demo label', async () => {
    const p = await open('/states');
    expect(await p.$eval('[data-map]', (e) => e.getAttribute('data-map-state'))).to.equal('ready');
    expect(await p.$$eval('[data-map] path.map-territory', (e) => e.length)).to.equal(32);
    // 32 territories + 1 site marker, all as SVG paths.
    expect(await p.$$eval('[data-map] path.leaflet-interactive', (e) => e.length)).to.equal(33);
    expect(await p.$$eval('[data-map] path.map-site', (e) => e.length)).to.equal(1);
    const fill = (code: string) => p.$eval(`path[data-code="${code}"]`, (e) => e.getAttribute('fill'));
    expect(await fill('08')).to.equal('#f03b20');
    expect(await fill('14')).to.equal('#feb24c');
    expect(await fill('01')).to.equal('#ffeda0');
    expect(await fill('32')).to.equal('#d9d9d9');
    const legend = await p.$$eval('.map-legend__label', (e) => e.map((x) => x.textContent));
    expect(legend).to.deep.equal(['Alto', 'Medio', 'Bajo', 'Sin datos', 'Centros de trabajo']);
    expect(await p.$eval('.map-legend__title', (e) => e.textContent)).to.equal('Riesgo');
    const attribution = await p.$eval('.leaflet-control-attribution', (e) => e.textContent);
    expect(attribution).to.equal('Fuente: INEGI · CLRISK demo 2024.1 · demo — datos no oficiales');
    expect(await p.$$eval('.leaflet-tile, .leaflet-tile-container img', (e) => e.length)).to.equal(0);
    expect(cspViolations).to.deep.equal([]);
    await p.close();
  });

  it('shows name, level and index on hover and opens the territory page on click', async () => {
    const p = await open('/states');
    await p.hover('path[data-code="08"]');
    await p.waitForSelector('.leaflet-tooltip .map-tooltip');
    const tip = await p.$$eval('.leaflet-tooltip .map-tooltip > *', (e) => e.map((x) => x.textContent));
    expect(tip).to.deep.equal(['Chihuahua', 'Nivel: Alto', 'Índice: 0.625']);
    await Promise.all([
      p.waitForNavigation(),
      p.$eval('path[data-code="08"]', (e) => e.dispatchEvent(new MouseEvent('click', { bubbles: true }))),
    ]);
    expect(new URL(p.url()).pathname).to.equal('/territorios/08');
    await p.close();
  });

  it('draws only the chosen state municipalities from the municipal TopoJSON, without demo label', async () => {
    const p = await open('/aguascalientes');
    const codes = await p.$$eval('[data-map] path.map-territory', (e) => e.map((x) => x.getAttribute('data-code')));
    // Aguascalientes has 11 municipalities, 01001 to 01011.
    expect(codes.sort()).to.deep.equal(Array.from({ length: 11 }, (_, i) => `010${String(i + 1).padStart(2, '0')}`));
    const attribution = await p.$eval('.leaflet-control-attribution', (e) => e.textContent);
    expect(attribution).to.equal('Fuente: INEGI · CLRISK STPS');
    expect(attribution).not.to.contain('demo');
    expect(await p.$eval('path[data-code="01001"]', (e) => e.getAttribute('fill'))).to.equal('#f03b20');
    expect(await p.$eval('path[data-code="01003"]', (e) => e.getAttribute('fill'))).to.equal('#d9d9d9');
    expect(cspViolations).to.deep.equal([]);
    await p.close();
  });

  it('shows a hostile dataset name as text, never as markup', async () => {
    const p = await open('/hostile');
    expect(await p.$('#injected')).to.equal(null);
    const attribution = await p.$eval('.leaflet-control-attribution', (e) => e.textContent);
    expect(attribution).to.equal('Fuente: INEGI · <img src=x id=injected> 2024.1');
    await p.close();
  });

  it('marks the map as failed and shows the server-given message when data cannot load', async () => {
    const p = await open('/broken');
    expect(await p.$eval('[data-map]', (e) => e.getAttribute('data-map-state'))).to.equal('error');
    expect(await p.$eval('.map-error', (e) => e.textContent)).to.equal('No se pudo cargar el mapa.');
    await p.close();
  });
});
