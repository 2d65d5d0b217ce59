// Bundles each top-level client/*.ts (and client/*.css) into public/build/, and copies
// Leaflet's stylesheet and images there. Runs before `npm start` and `npm test`, so it
// must stay fast and safe to repeat; public/build/ is generated, never committed.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'client');
const outDir = path.join(root, 'public', 'build');
const leafletDist = path.join(root, 'node_modules', 'leaflet', 'dist');

function entries(ext) {
  if (!existsSync(clientDir)) return [];
  return readdirSync(clientDir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext) && !d.name.endsWith('.d.ts'))
    .map((d) => path.join(clientDir, d.name));
}

const started = Date.now();
mkdirSync(outDir, { recursive: true });

const shared = {
  bundle: true,
  minify: true,
  sourcemap: true,
  outdir: outDir,
  logLevel: 'warning',
  legalComments: 'linked',
};

const scripts = entries('.ts');
const styles = entries('.css');
await Promise.all([
  // IIFE rather than ESM: the same files are loaded by report pages that puppeteer may open
  // from disk or inject with addScriptTag, where module scripts would not run.
  scripts.length &&
    build({ ...shared, entryPoints: scripts, format: 'iife', target: ['es2020'], platform: 'browser' }),
  styles.length && build({ ...shared, entryPoints: styles, loader: { '.png': 'file', '.svg': 'file' } }),
]);

cpSync(path.join(leafletDist, 'leaflet.css'), path.join(outDir, 'leaflet.css'));
// leaflet.css refers to images/… relative to itself.
cpSync(path.join(leafletDist, 'images'), path.join(outDir, 'images'), { recursive: true });

if (process.env.BUILD_CLIENT_QUIET !== '1') {
  console.log(`client build: ${scripts.length} script(s), ${styles.length} stylesheet(s) → public/build (${Date.now() - started} ms)`);
}
