// Draws every <canvas data-chart='{"type":…,"data":…,"options":…}'> with Chart.js. Used by
// app pages and by report pages rendered to PDF, which wait for window.__chartsReady.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Title,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

declare global {
  interface Window {
    __chartsReady?: boolean;
  }
}

// Registered one by one so the bundle carries only these chart types.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  PieController,
  ArcElement,
  LineController,
  LineElement,
  PointElement,
  Filler,
  Legend,
  Title,
  Tooltip,
);

const SUPPORTED = new Set(['bar', 'doughnut', 'pie', 'line']);

function parseConfig(canvas: HTMLCanvasElement): ChartConfiguration {
  const config = JSON.parse(canvas.dataset.chart ?? '') as ChartConfiguration;
  if (!config || typeof config !== 'object' || !SUPPORTED.has(String(config.type))) {
    throw new Error(`Unsupported chart type: ${String(config?.type)}`);
  }
  return config;
}

function init(): void {
  const print = document.documentElement.dataset.print === '1';
  if (print) {
    // A PDF is a single frame: draw the final state at once, sharp at print resolution.
    Chart.defaults.animation = false;
    Chart.defaults.devicePixelRatio = 2;
  }
  for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]'))) {
    try {
      const config = parseConfig(canvas);
      if (print) config.options = { ...config.options, animation: false, responsive: config.options?.responsive ?? true };
      new Chart(canvas, config);
      canvas.dataset.chartState = 'ready';
    } catch (err) {
      // One broken chart must not leave a report waiting forever for the others.
      canvas.dataset.chartState = 'error';
      console.error(err);
    }
  }
  window.__chartsReady = true;
  document.dispatchEvent(new CustomEvent('charts:ready'));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
