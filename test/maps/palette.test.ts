import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { SCORE_LEVELS, SCORE_LEVEL_COLORS, SCORE_LEVEL_TEXT, UNSCORED_COLOR, riskLevelPalette } from '../../server/maps/palette.ts';
import { LEVEL_COLORS, UNSCORED_COLOR as CHART_UNSCORED } from '../../server/home/dashboard.charts.ts';
import { SCORE_COLORS, UNSCORED_COLOR as REPORT_UNSCORED } from '../../server/reports/report.view.ts';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8').toLowerCase();

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('one colour scale for risk levels', () => {
  it('charts, reports and the four-level map palette take the same colours', () => {
    expect(LEVEL_COLORS).to.deep.equal(SCORE_LEVEL_COLORS);
    expect(SCORE_COLORS).to.deep.equal({ ...SCORE_LEVEL_COLORS });
    expect(riskLevelPalette(4)).to.deep.equal(SCORE_LEVELS.map((l) => SCORE_LEVEL_COLORS[l]));
    expect(CHART_UNSCORED).to.equal(UNSCORED_COLOR);
    expect(REPORT_UNSCORED).to.equal(UNSCORED_COLOR);
  });

  it('the app stylesheet and the PDF stylesheet use the palette module\'s colours', () => {
    const app = read('public/css/app.css');
    const pdf = read('templates/reports/report.css');
    for (const l of SCORE_LEVELS) {
      expect(app, `app.css --${l}`).to.contain(`--${l}:${SCORE_LEVEL_COLORS[l]}`);
      expect(pdf, `report.css .level-${l}`).to.match(new RegExp(`\\.level-${l} \\{ background: ${SCORE_LEVEL_COLORS[l]};`));
    }
    expect(app).to.contain(`--unscored:${UNSCORED_COLOR}`);
    expect(pdf).to.contain(`.level-unscored { background: ${UNSCORED_COLOR}; }`);
    // No other level colour survives anywhere in the stylesheets (the three old scales).
    for (const old of ['#2e7d32', '#f9a825', '#ef6c00', '#b71c1c', '#ffffb2', '#9e9e9e']) {
      expect(app + pdf + read('client/scores.css'), old).to.not.contain(old);
    }
  });

  it('text on every level colour meets WCAG AA contrast', () => {
    for (const l of SCORE_LEVELS) expect(contrast(SCORE_LEVEL_COLORS[l], SCORE_LEVEL_TEXT[l]), l).to.be.at.least(4.5);
  });
});
