import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { ROOT } from '../support/client-build.ts';
import type { Translate } from '../../server/maps/map-labels.ts';

export function mapsLocale(locale: 'es-MX' | 'en'): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'server', 'i18n', 'locales', locale, 'maps.json'), 'utf8'));
}

/** A translator over maps.json only, throwing on a missing key so tests catch typos. */
export async function mapsTranslator(locale: 'es-MX' | 'en'): Promise<Translate> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: mapsLocale(locale) } },
    interpolation: { escapeValue: false },
  });
  return (key, params) => {
    if (!instance.exists(key)) throw new Error(`missing i18n key ${key} (${locale})`);
    return instance.t(key, params) as string;
  };
}
