import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import i18next from 'i18next';
import type { Translate } from '../../../server/suppliers/import/issues.ts';

export type Locale = 'es-MX' | 'en';

export function importsResources(locale: Locale): Record<string, unknown> {
  const url = new URL(`../../../server/i18n/locales/${locale}/imports.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** A translator over this feature's own locale file; a missing key throws, so tests catch it. */
export async function importsTranslator(locale: Locale): Promise<Translate> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: locale,
    resources: { [locale]: { translation: importsResources(locale) } },
    interpolation: { escapeValue: false },
  });
  return (key, params) => {
    if (!instance.exists(key)) throw new Error(`Missing i18n key ${key} (${locale})`);
    return instance.t(key, params as Record<string, unknown>) as string;
  };
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url));
}

export const FULL_HEADER = [
  'Razón social', 'RFC', 'ID externo', 'SCIAN', 'Productos', 'Nivel', 'Proveedor padre (RFC o ID)', 'Contacto', 'Correo',
  'Teléfono', 'Sitio', 'Dirección', 'Estado', 'Municipio', 'Clave INEGI', 'Latitud', 'Longitud', 'Trabajadores', 'Mujeres',
  'Adolescentes 15-17', 'Temporales', 'Migrantes', 'Indígenas', 'Trabajo familiar', 'Subcontratados', 'Actividades',
];

/** A CSV upload from rows given by header text; missing cells stay empty. */
export function csvBytes(rows: Record<string, string>[], header: string[] = FULL_HEADER, delimiter = ','): Buffer {
  const data = [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))];
  return Buffer.from(Papa.unparse(data, { delimiter, newline: '\r\n' }), 'utf8');
}

/** A valid site row of one supplier, to vary one cell at a time. */
export function baseRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'Razón social': 'Agrícola El Sol, S.A. de C.V.',
    RFC: 'AES010203AB4',
    Sitio: 'Rancho Uno',
    Estado: 'Michoacán',
    Municipio: 'Zamora',
    Trabajadores: '100',
    ...overrides,
  };
}
