// Pan and zoom for the supply graph (templates/pages/suppliers/graph.hbs). Moves the SVG's
// viewBox rather than scaling the DOM, so 500+ boxes stay crisp and cheap to move. Without
// this script the drawing still scrolls in its box and the list below has everyone.

interface View { x: number; y: number; w: number; h: number }

function setUp(host: HTMLElement, tools: HTMLElement): void {
  const svg = host.querySelector('svg');
  if (!svg) return;
  const full = { w: Number(svg.getAttribute('width')), h: Number(svg.getAttribute('height')) };
  if (!full.w || !full.h) return;
  host.classList.add('graph-live');
  tools.hidden = false;
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
  const box = () => host.getBoundingClientRect();
  // Start at natural size, top-left: labels readable, the way a reader starts (company, tier 1).
  let view: View = { x: 0, y: 0, w: box().width || full.w, h: box().height || full.h };
  const apply = () => {
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
    host.dataset.zoom = (box().width / view.w).toFixed(3);
  };
  const zoom = (factor: number, cx = 0.5, cy = 0.5) => {
    const w = Math.min(Math.max(view.w * factor, 80), Math.max(full.w, full.h) * 4);
    const h = w * (view.h / view.w);
    view = { x: view.x + (view.w - w) * cx, y: view.y + (view.h - h) * cy, w, h };
    apply();
  };
  const fit = () => {
    const aspect = (box().height || 1) / (box().width || 1);
    const w = Math.max(full.w, full.h / aspect);
    // Centred, so zooming in from here stays on the drawing.
    view = { x: (full.w - w) / 2, y: (full.h - w * aspect) / 2, w, h: w * aspect };
    apply();
  };
  tools.addEventListener('click', (e) => {
    const kind = (e.target as HTMLElement).closest('button')?.dataset.zoom;
    if (kind === 'in') zoom(1 / 1.25);
    else if (kind === 'out') zoom(1.25);
    else if (kind === 'fit') fit();
  });
  host.addEventListener('wheel', (e) => {
    // Plain wheel keeps scrolling the page; Ctrl/⌘ + wheel (and pinch) zooms at the pointer.
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const r = box();
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  }, { passive: false });
  let drag: { x: number; y: number; moved: boolean } | null = null;
  host.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, moved: false };
  });
  host.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    host.setPointerCapture(e.pointerId);
    const k = view.w / box().width;
    view = { ...view, x: view.x - dx * k, y: view.y - dy * k };
    drag.x = e.clientX;
    drag.y = e.clientY;
    apply();
  });
  const end = (e: PointerEvent) => {
    if (drag?.moved) {
      // A drag that ends on a box must not follow its link.
      host.addEventListener('click', (c) => c.preventDefault(), { capture: true, once: true });
      host.releasePointerCapture(e.pointerId);
    }
    drag = null;
  };
  host.addEventListener('pointerup', end);
  host.addEventListener('pointercancel', () => (drag = null));
  host.addEventListener('keydown', (e) => {
    if (e.target !== host) return;
    const step = view.w * 0.1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      e.preventDefault();
      view = { ...view, x: view.x + moves[e.key][0], y: view.y + moves[e.key][1] };
      apply();
    } else if (e.key === '+' || e.key === '=') zoom(1 / 1.25);
    else if (e.key === '-') zoom(1.25);
  });
  apply();
}

const host = document.getElementById('supply-graph');
const tools = document.getElementById('graph-tools');
if (host && tools) setUp(host, tools);
