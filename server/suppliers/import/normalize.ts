const MARKS = /\p{M}+/gu;
const NON_ALNUM = /[^a-z0-9]+/g;

/**
 * Comparison form of a header or list label: 'Razón social', 'RAZON_SOCIAL' and
 * ' razón  social* ' all become 'razon social'. Ñ folds to N, which is harmless for
 * labels (no two of ours differ only by it).
 */
export function normalizeLabel(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(NON_ALNUM, ' ').trim();
}

/** Comparison form of a free-text value (names, contacts) for conflict checks. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('es-MX');
}

/** Splits a multi-valued cell ('tomate; chile | café') into trimmed, non-empty items. */
export function splitList(text: string, separators: RegExp = /[;|]/): string[] {
  const out: string[] = [];
  for (const part of text.split(separators)) {
    const item = part.trim();
    if (item) out.push(item);
  }
  return out;
}
