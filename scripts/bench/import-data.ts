/**
 * The supplier file the import benchmarks load: N site rows of suppliers with 1–3 sites each,
 * one in ten naming the previous supplier as its parent, in municipalities whose name is
 * unique in the country (so places settle without a user's choice). Shared by bench:import
 * and bench:isolation so both measure the same file.
 */
import { rfcCheckDigit } from '../../server/suppliers/import/rfc.ts';
import { mexicoTerritories } from '../../server/territories/territory.data.ts';
import type { Territory } from '../../server/territories/territory.service.ts';

export const HEADER = [
  'Razón social', 'Nombre comercial', 'RFC', 'ID externo', 'SCIAN', 'Productos', 'Nivel', 'Proveedor padre (RFC o ID)',
  'Contacto', 'Correo', 'Teléfono', 'Sitio', 'Dirección', 'Estado', 'Municipio', 'Clave INEGI', 'Latitud', 'Longitud',
  'Trabajadores', 'Mujeres', 'Adolescentes 15-17', 'Temporales', 'Migrantes', 'Indígenas', 'Trabajo familiar',
  'Subcontratados', 'Actividades',
];
function rfcFor(i: number): string {
  const letters = 'ABCDEFGHIJKLMNPQRSTUVWXYZ';
  const name = letters[i % 25] + letters[Math.floor(i / 25) % 25] + letters[Math.floor(i / 625) % 25];
  const date = `${String(80 + (i % 20)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const body = `${name}${date}${letters[Math.floor(i / 15625) % 25]}${i % 10}`;
  return body + rfcCheckDigit(body);
}

/** N rows: supplier s has 1 + s % 3 sites; every tenth supplier names the previous one as parent. */
export function generateRows(n: number, places: Territory[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (let s = 0, i = 0; i < n; s++) {
    const sites = 1 + (s % 3);
    for (let k = 0; k < sites && i < n; k++, i++) {
      const first = k === 0;
      const m = places[(s * 7 + k) % places.length];
      const total = 20 + (i % 400);
      rows.push([
        first ? `Agrícola Proveedor ${s}, S.A. de C.V.` : null, first ? `Proveedor ${s}` : null, rfcFor(s), `PRV-${s}`,
        first ? '111219' : null, first ? 'fresa; zarzamora' : null, first && s % 10 !== 0 ? 1 : null,
        first && s % 10 === 0 && s > 0 ? rfcFor(s - 1) : null, first ? 'María López' : null,
        first ? `compras${s}@ejemplo.mx` : null, first ? '+52 351 123 4567' : null, `Sitio ${k + 1}`,
        `Carretera km ${i % 90}, "El Llano"`, m.stateName, m.name, null, null, null,
        total, Math.floor(total / 2), i % 3, Math.floor(total / 3), Math.floor(total / 4), Math.floor(total / 5), i % 7,
        Math.floor(total / 6), 'cosecha; empaque',
      ]);
    }
  }
  return rows;
}

export function toCsvFile(rows: (string | number | null)[][]): Buffer {
  const quote = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return Buffer.from(`\uFEFF${[HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** A few hundred distinct places, as a national supplier list would have. */
export function benchPlaces(): Territory[] {
  const all = mexicoTerritories().filter((t) => t.level === 'municipality');
  const count = new Map<string, number>();
  for (const t of all) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  return all.filter((t) => count.get(t.name) === 1).filter((_, i) => i % 5 === 0);
}
