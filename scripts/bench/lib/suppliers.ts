import { rfcCheckDigit } from '../../../server/suppliers/import/rfc.ts';

// Generators shared by the benchmarks that load suppliers and sites with COPY.

/** A fixed pseudo-random sequence, so every run loads the same shape of data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KINDS = ['Agrícola', 'Empacadora', 'Textiles', 'Café', 'Huerta', 'Rancho', 'Comercializadora', 'Maquiladora', 'Ladrillera', 'Productora', 'Granja', 'Finca', 'Beneficio', 'Invernaderos', 'Transportes'];
const NAMES = ['del Valle', 'San José', 'Los Pinos', 'El Sol', 'La Esperanza', 'Hermanos Pérez', 'Santa Rita', 'Peña Blanca', 'Guadalupe', 'Las Palmas', 'del Pacífico', 'Soconusco', 'La Huasteca', 'El Mirador', 'Tres Ríos'];
const FORMS = ['S.A. de C.V.', 'S.P.R. de R.L.', 'S.C. de R.L.', 'S. de R.L. de C.V.'];

/** A company name as found in Mexican supplier lists, distinct for every i. */
export function legalNameFor(i: number): string {
  return `${KINDS[i % KINDS.length]} ${NAMES[Math.floor(i / KINDS.length) % NAMES.length]} ${i} ${FORMS[i % FORMS.length]}`;
}

/** A well-formed RFC, unique for i < 312,500. */
export function rfcFor(i: number): string {
  const letters = 'ABCDEFGHIJKLMNPQRSTUVWXYZ';
  const name = letters[i % 25] + letters[Math.floor(i / 25) % 25] + letters[Math.floor(i / 625) % 25];
  const date = `${String(80 + (Math.floor(i / 15625) % 20)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const body = `${name}${date}${letters[Math.floor(i / 7) % 25]}${i % 10}`;
  return body + rfcCheckDigit(body);
}

/** Goods and site activities, weighted towards none (most suppliers are not on the DOL lists). */
export const GOODS = [[], [], [], ['coffee'], ['tomatoes', 'chile-peppers'], ['garments'], ['sugarcane'], ['avocado'], []];
export const ACTIVITIES = [[], [], [], ['harvest'], ['packing'], ['brick_making'], ['home_based_work'], ['harvest', 'packing']];
