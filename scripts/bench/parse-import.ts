/**
 * Parses and validates a generated 100,000-row supplier/site CSV and prints rows/s.
 * Run: npx tsx scripts/bench/parse-import.ts [rows]
 */
import { parseSupplierImport } from '../../server/suppliers/import/parse.ts';
import { rfcCheckDigit } from '../../server/suppliers/import/rfc.ts';

const HEADER = [
  'Razón social', 'Nombre comercial', 'RFC', 'ID externo', 'SCIAN', 'Productos', 'Nivel', 'Proveedor padre (RFC o ID)',
  'Contacto', 'Correo', 'Teléfono', 'Sitio', 'Dirección', 'Estado', 'Municipio', 'Clave INEGI', 'Latitud', 'Longitud',
  'Trabajadores', 'Mujeres', 'Adolescentes 15-17', 'Temporales', 'Migrantes', 'Indígenas', 'Trabajo familiar',
  'Subcontratados', 'Actividades',
];
const PLACES = [
  ['Michoacán', 'Zamora', '16108', 19.98, -102.28],
  ['Baja California', 'San Quintín', '02006', 30.56, -115.94],
  ['Chiapas', 'Tapachula', '07089', 14.9, -92.26],
  ['Querétaro', 'Querétaro', '22014', 20.59, -100.39],
] as const;
const SITES_PER_SUPPLIER = 10;

function rfcFor(i: number): string {
  const letters = 'ABCDEFGHIJKLMNPQRSTUVWXYZ';
  const name = letters[i % 25] + letters[Math.floor(i / 25) % 25] + letters[Math.floor(i / 625) % 25];
  const date = `${String(80 + (i % 20)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const body = `${name}${date}${letters[i % 25]}${i % 10}`;
  return body + rfcCheckDigit(body);
}

/** Built line by line, so the generator leaves little garbage to slow the timed part. */
export function generateCsv(rows: number): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines: string[] = [HEADER.map(quote).join(',')];
  for (let i = 0; i < rows; i++) {
    const s = Math.floor(i / SITES_PER_SUPPLIER);
    const first = i % SITES_PER_SUPPLIER === 0;
    const [state, municipality, code, lat, lon] = PLACES[i % PLACES.length];
    const total = 50 + (i % 400);
    lines.push(
      [
        first ? quote(`Agrícola Proveedor ${s}, S.A. de C.V.`) : '',
        first ? `Proveedor ${s}` : '',
        rfcFor(s),
        `PRV-${s}`,
        '111219',
        'fresa; zarzamora',
        '1',
        '',
        first ? 'María López' : '',
        first ? `compras${s}@ejemplo.mx` : '',
        first ? '+52 351 123 4567' : '',
        `Sitio ${i % SITES_PER_SUPPLIER}`,
        quote(`Carretera km ${i % 90}, "El Llano"`),
        state,
        municipality,
        code,
        (lat + (i % 100) / 1000).toFixed(4),
        (lon - (i % 100) / 1000).toFixed(4),
        total,
        Math.floor(total / 2),
        i % 3,
        Math.floor(total / 3),
        Math.floor(total / 4),
        Math.floor(total / 5),
        i % 7,
        Math.floor(total / 6),
        'cosecha; empaque',
      ].join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const rows = Number(process.argv[2] ?? 100_000);
const bytes = generateCsv(rows);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await parseSupplierImport(bytes);
const seconds = (performance.now() - started) / 1000;
// CPU time too: on a shared machine the wall clock also counts other processes' turns.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
if (!result.ok) {
  console.error('unexpected errors:', result.errors.slice(0, 5));
  process.exit(1);
}
console.log(
  `${rows.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB, ` +
    `${result.stats.suppliers.toLocaleString('en')} suppliers, ${result.stats.sites.toLocaleString('en')} sites: ` +
    `${seconds.toFixed(2)} s wall (${cpuSeconds.toFixed(2)} s CPU, GC threads included), ` +
    `${Math.round(rows / seconds).toLocaleString('en')} rows/s, ` +
    `heap ${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB`,
);
