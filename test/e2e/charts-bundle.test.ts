import { expect } from 'chai';
import { useBrowser } from '../support/e2e.ts';
import { BUILD_DIR, ensureClientBuild } from '../support/client-build.ts';
import { send, startStaticServer } from '../support/static-server.ts';

function attr(value: unknown): string {
  return JSON.stringify(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

const BAR = { type: 'bar', data: { labels: ['Bajo', 'Medio', 'Alto'], datasets: [{ label: 'Proveedores', data: [5, 3, 2], backgroundColor: '#f03b20' }] } };
const DOUGHNUT = { type: 'doughnut', data: { labels: ['Sí', 'No'], datasets: [{ data: [7, 3], backgroundColor: ['#1a9850', '#d73027'] }] } };
const LINE = { type: 'line', data: { labels: ['2023', '2024'], datasets: [{ label: 'Riesgo', data: [0.4, 0.3], borderColor: '#333' }] } };

function page(print: boolean): string {
  return `<!doctype html><html lang="es-MX"${print ? ' data-print="1"' : ''}><head><meta charset="utf-8"><title>charts</title></head><body>
<canvas id="bar" width="400" height="200" data-chart="${attr(BAR)}"></canvas>
<canvas id="doughnut" width="200" height="200" data-chart="${attr(DOUGHNUT)}"></canvas>
<canvas id="line" width="400" height="200" data-chart="${attr(LINE)}"></canvas>
<canvas id="broken" width="100" height="100" data-chart="{not json"></canvas>
<script src="/build/charts.js"></script></body></html>`;
}

describe('client charts bundle (browser)', function () {
  this.timeout(60_000);
  const { newPage } = useBrowser();
  let server: Awaited<ReturnType<typeof startStaticServer>>;

  before(async () => {
    ensureClientBuild();
    server = await startStaticServer({ '/build/': BUILD_DIR }, [
      (req, res) => (req.url === '/print' ? send(res, 200, 'text/html; charset=utf-8', page(true)) : false),
    ]);
  });

  after(async () => {
    await server?.close();
  });

  it('draws every chart in print mode and flags readiness even when one config is broken', async () => {
    const p = await newPage();
    await p.goto(`${server.url}/print`);
    await p.waitForFunction(() => window.__chartsReady === true, { timeout: 10_000 });
    const states = await p.$$eval('canvas', (cs) => cs.map((c) => [c.id, c.getAttribute('data-chart-state')]));
    expect(states).to.deep.equal([
      ['bar', 'ready'],
      ['doughnut', 'ready'],
      ['line', 'ready'],
      ['broken', 'error'],
    ]);
    // Animation is off in print mode, so the final drawing is on the canvas right away.
    const painted = await p.$$eval('canvas', (cs) =>
      cs.map((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      }),
    );
    expect(painted.slice(0, 3).every((n) => n > 500)).to.equal(true, `painted pixels: ${painted}`);
    expect(painted[3]).to.equal(0);
    await p.close();
  });
});
