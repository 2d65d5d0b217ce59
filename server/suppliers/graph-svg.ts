import { layoutTiers, type SupplyLink } from './graph.ts';
import { SCORE_LEVEL_COLORS, SCORE_LEVEL_TEXT, type ScoreLevel } from '../maps/palette.ts';

export interface GraphNode {
  id: string;
  label: string;
  tier: number;
  archived: boolean;
  href: string;
  /** Current score level (the one risk scale); null = not scored yet, drawn white. */
  level?: string | null;
  /** Translated level name, read out in the box's tooltip. */
  levelLabel?: string;
}

export interface GraphSvgOptions {
  nodes: GraphNode[];
  links: SupplyLink[];
  /** The company itself, drawn left of tier 1 and linked to the tier-1 suppliers. */
  companyLabel: string;
  title: string;
  tierLabel: (tier: number) => string;
  /** Supplier to highlight (the one whose page shows the drawing). */
  focusId?: string;
}

const BOX_W = 220;
const BOX_H = 34;
const COL_GAP = 70;
const ROW_GAP = 14;
const PAD = 16;
const HEAD = 28;
const MAX_CHARS = 29;
/** A tier with more suppliers wraps into side-by-side sub-columns, so 500+ suppliers stay a drawable shape. */
const MAX_ROWS = 25;
const SUB_GAP = 24;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

/**
 * The supply graph as an inline SVG: the company on the left, one column per tier, goods
 * flowing leftwards (arrows point at the customer). Presentation attributes only, so it
 * renders under the strict CSP without a stylesheet; every supplier box links to its page.
 */
export function renderSupplyGraphSvg(o: GraphSvgOptions): string {
  const layout = layoutTiers(o.nodes, o.links);
  const subs = layout.columns.map((c) => Math.max(1, Math.ceil(c.ids.length / MAX_ROWS)));
  const starts: number[] = [];
  let x0 = PAD + BOX_W + COL_GAP;
  for (const n of subs) {
    starts.push(x0);
    x0 += n * BOX_W + (n - 1) * SUB_GAP + COL_GAP;
  }
  const colX = (column: number) => starts[column] ?? x0;
  const rowY = (row: number) => PAD + HEAD + row * (BOX_H + ROW_GAP);
  // Where a supplier sits: its tier's column, wrapped every MAX_ROWS rows.
  const at = (p: { column: number; row: number }) => ({
    x: colX(p.column) + Math.floor(p.row / MAX_ROWS) * (BOX_W + SUB_GAP),
    y: rowY(p.row % MAX_ROWS),
  });
  const rows = Math.max(1, ...layout.columns.map((c) => Math.min(MAX_ROWS, c.ids.length)));
  const width = x0 - COL_GAP + PAD;
  const height = rowY(rows) - ROW_GAP + PAD;
  const companyY = rowY(0) + ((rows - 1) * (BOX_H + ROW_GAP)) / 2;
  const ids = new Set(o.nodes.map((n) => n.id));
  const hasParent = new Set(o.links.filter((l) => ids.has(l.parentId) && ids.has(l.childId)).map((l) => l.childId));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="supply-graph" role="group" aria-labelledby="supply-graph-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="supply-graph-title">${escapeXml(o.title)}</title>`,
    `<defs><marker id="supply-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6475"/></marker></defs>`,
  );
  parts.push(`<text x="${PAD}" y="${PAD + 12}" font-weight="600" fill="#5b6475">${escapeXml(o.companyLabel)}</text>`);
  layout.columns.forEach((c, i) => {
    parts.push(`<text x="${colX(i)}" y="${PAD + 12}" font-weight="600" fill="#5b6475">${escapeXml(o.tierLabel(c.tier))}</text>`);
  });

  const edge = (x1: number, y1: number, x2: number, y2: number, key: string) => {
    const mid = (x1 + x2) / 2;
    // Drawn from the supplier (x1) to the customer (x2), so the arrow ends at the customer.
    return `<path class="supply-edge" data-edge="${escapeXml(key)}" d="M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}" fill="none" stroke="#98a2b3" stroke-width="1.2" marker-end="url(#supply-arrow)"/>`;
  };
  for (const n of o.nodes) {
    const p = layout.position.get(n.id)!;
    if (!hasParent.has(n.id) && n.tier === 1) {
      const xy = at(p);
      parts.push(edge(xy.x, xy.y + BOX_H / 2, PAD + BOX_W, companyY + BOX_H / 2, `company:${n.id}`));
    }
  }
  for (const l of o.links) {
    const c = layout.position.get(l.childId);
    const p = layout.position.get(l.parentId);
    if (!c || !p) continue;
    const forward = c.column > p.column;
    const cxy = at(c);
    const pxy = at(p);
    // A supplier can sit left of a customer (it also serves a nearer one): enter from the other side.
    const x1 = forward ? cxy.x : cxy.x + BOX_W;
    const x2 = forward ? pxy.x + BOX_W : pxy.x;
    parts.push(edge(x1, cxy.y + BOX_H / 2, x2, pxy.y + BOX_H / 2, `${l.childId}>${l.parentId}`));
  }

  parts.push(
    `<g class="supply-company"><rect x="${PAD}" y="${companyY}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="#0b6e4f"/>`,
    `<text x="${PAD + 10}" y="${companyY + BOX_H / 2 + 4}" fill="#ffffff" font-weight="600">${escapeXml(clip(o.companyLabel))}</text></g>`,
  );
  for (const n of o.nodes) {
    const { x, y } = at(layout.position.get(n.id)!);
    const focus = n.id === o.focusId;
    const level = n.level && n.level in SCORE_LEVEL_COLORS ? (n.level as ScoreLevel) : null;
    const fill = level ? SCORE_LEVEL_COLORS[level] : '#ffffff';
    const ink = level ? SCORE_LEVEL_TEXT[level] : n.archived ? '#5b6475' : '#1d2330';
    const stroke = focus ? '#0b6e4f' : n.archived ? '#98a2b3' : '#1d2330';
    const dash = n.archived ? ' stroke-dasharray="4 3"' : '';
    const tip = n.levelLabel ? `${n.label} · ${n.levelLabel}` : n.label;
    parts.push(
      `<a href="${escapeXml(n.href)}" class="supply-node" data-id="${escapeXml(n.id)}" data-level="${level ?? 'unscored'}"><title>${escapeXml(tip)}</title>`,
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${focus ? 3 : 1}"${dash}/>`,
      `<text x="${x + 10}" y="${y + BOX_H / 2 + 4}" fill="${ink}"${focus ? ' font-weight="700"' : ''}>${escapeXml(clip(n.label))}</text></a>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
