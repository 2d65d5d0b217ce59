// The one colour scale for risk levels: pages (app.css), charts, maps and PDFs (report.css)
// all take their colours from here; test/maps/palette.test.ts checks the stylesheets agree.
// Sequential yellow→red scales (ColorBrewer YlOrRd) for ordered risk levels. Datasets define
// their own number of levels (Mexico uses three), so the palette is picked by count.
const YL_OR_RD: Record<number, string[]> = {
  1: ['#fd8d3c'],
  2: ['#fecc5c', '#e31a1c'],
  3: ['#ffeda0', '#feb24c', '#f03b20'],
  // Four levels skip the palest yellow: a 'low' badge or dot must still stand out on white.
  4: ['#fecc5c', '#fd8d3c', '#e31a1c', '#800026'],
  5: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'],
  6: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'],
  7: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'],
  8: ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'],
  9: ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'],
};

export const NO_DATA_COLOR = '#d9d9d9';

/** Supplier and site score levels, lowest first (the engine's four levels). */
export const SCORE_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type ScoreLevel = (typeof SCORE_LEVELS)[number];
export const SCORE_LEVEL_COLORS: Readonly<Record<ScoreLevel, string>> = Object.freeze({
  low: YL_OR_RD[4][0], medium: YL_OR_RD[4][1], high: YL_OR_RD[4][2], critical: YL_OR_RD[4][3],
});
/** Text drawn on a level's colour with at least 4.5:1 contrast (WCAG AA). */
export const SCORE_LEVEL_TEXT: Readonly<Record<ScoreLevel, string>> = Object.freeze({
  low: '#1d2330', medium: '#1d2330', high: '#ffffff', critical: '#ffffff',
});
/** A supplier or site not scored yet. */
export const UNSCORED_COLOR = '#bdbdbd';

export function scoreLevelColor(level: string | null | undefined): string {
  return level && level in SCORE_LEVEL_COLORS ? SCORE_LEVEL_COLORS[level as ScoreLevel] : UNSCORED_COLOR;
}

/** Colours for `count` ordered levels, lowest risk first. */
export function riskLevelPalette(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new RangeError(`A risk palette has 1 to 9 levels, not ${count}`);
  }
  return [...YL_OR_RD[count]];
}

// Colours end up in SVG attributes and CSS; accept only plain colour syntax.
const COLOR_RE = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|(rgb|hsl)a?\([0-9.,%\s]+\))$/i;

export function isSafeColor(value: string): boolean {
  return COLOR_RE.test(value.trim());
}
