import { expect } from 'chai';
import { renderChoroplethSvg } from '../../server/maps/svg-map.ts';
import { wrapText } from '../../server/maps/wrap-text.ts';
import { renderBarsSvg } from '../../server/reports/svg-bars.ts';
import { translator } from '../../server/i18n/index.ts';

describe('SVG text that must not be clipped', () => {
  it('wraps at spaces and splits words longer than a line', () => {
    expect(wrapText('uno dos tres cuatro', 8)).to.deep.equal(['uno dos', 'tres', 'cuatro']);
    expect(wrapText('abcdefghij', 4)).to.deep.equal(['abcd', 'efgh', 'ij']);
  });

  it('wraps the map\'s source line inside a narrow report map, above the bottom edge', () => {
    const t = translator('es-MX');
    const width = 300;
    const svg = renderChoroplethSvg({
      level: 'state', values: {}, levels: [], t, width, height: 260,
      dataset: { name: 'Índice de trabajo infantil por municipio, ENTI y Censo de Población', version: '2022.1', isDemo: true },
    });
    const attribution = /<text class="attribution" x="8" y="([\d.]+)"[^>]*>([\s\S]*?)<\/text>/.exec(svg)!;
    const lines = [...attribution[2].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
    expect(lines.length).to.be.greaterThan(1);
    // ~6.2 px per character at 11 px: every line fits between the side margins.
    for (const l of lines) expect(l.length * 6.2, l).to.be.at.most(width - 16);
    expect(lines.join(' ')).to.contain('2022.1').and.contain('demo');
    expect(Number(attribution[1]) + (lines.length - 1) * 13).to.be.at.most(260 - 10);
  });

  it('draws bar labels whole, wrapped in their column', () => {
    const name = 'Rancho Cafetalero La Esperanza del Soconusco, sección norte';
    const svg = renderBarsSvg({ title: 'x', width: 300, max: 100, rows: [{ label: name, value: 72.5, color: '#e31a1c', note: '72.5' }] });
    const tspans = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
    expect(tspans.join(' ')).to.equal(name);
    expect(svg).to.contain('>72.5</text>');
  });
});
