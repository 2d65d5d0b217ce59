import { escapeXml } from '../maps/svg-map.ts';
import { wrapText } from '../maps/wrap-text.ts';

export interface BarRow {
  label: string;
  value: number;
  color: string;
  /** Text after the bar, e.g. the value with its level. */
  note?: string;
}

const FONT = 9;
const LINE = 11;
/** Average glyph width of the report font at FONT px, generous so wrapped lines never overflow. */
const CHAR_W = FONT * 0.56;

/**
 * Horizontal bars as SVG text and shapes: labels wrap inside their column instead of being
 * cut at the canvas edge (Chart.js draws them into a fixed canvas), and stay selectable
 * text in the PDF.
 */
export function renderBarsSvg(o: { rows: BarRow[]; max: number; width: number; title: string; labelWidth?: number }): string {
  const labelW = o.labelWidth ?? Math.round(o.width * 0.42);
  const noteW = 70;
  const barX = labelW + 6;
  const barW = Math.max(40, o.width - barX - noteW);
  const maxChars = Math.max(8, Math.floor(labelW / CHAR_W));
  const parts: string[] = [];
  let y = 4;
  for (const r of o.rows) {
    const lines = wrapText(r.label, maxChars);
    const h = Math.max(14, lines.length * LINE + 3);
    const w = Math.max(1, Math.round((Math.min(r.value, o.max) / o.max) * barW));
    parts.push(
      `<g class="bar-row"><text x="0" y="${y + FONT + 1}" font-size="${FONT}" fill="#1d2330">${lines.map((l, i) => `<tspan x="0" dy="${i ? LINE : 0}">${escapeXml(l)}</tspan>`).join('')}</text>`,
      `<rect x="${barX}" y="${y + 1}" width="${w}" height="${Math.min(12, h - 2)}" fill="${escapeXml(r.color)}"/>`,
      `<text x="${barX + w + 4}" y="${y + FONT + 1}" font-size="${FONT}" fill="#1d2330">${escapeXml(r.note ?? String(r.value))}</text></g>`,
    );
    y += h + 3;
  }
  const height = y + 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bars" role="img" aria-label="${escapeXml(o.title)}" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}
