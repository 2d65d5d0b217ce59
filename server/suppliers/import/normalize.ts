const MARKS = /\p{M}+/gu;
const NON_ALNUM = /[^a-z0-9]+/g;

/**
 * Comparison form of a header or list label: 'Razón social', 'RAZON_SOCIAL' and
 * ' razón  social* ' all become 'razon social'. Ñ folds to N, which is harmless for
 * labels (no two of ours differ only by it).
 */
export function normalizeLabel(text: string): string {
  let label = labelCache.get(text);
  if (label === undefined) {
    label = text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(NON_ALNUM, ' ').trim();
    // Labels repeat row after row (products, activities); a bounded cache saves re-normalising them.
    if (labelCache.size >= 10_000) labelCache.clear();
    labelCache.set(text, label);
  }
  return label;
}
const labelCache = new Map<string, string>();

const SPACES = /\s+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Comparison form of a free-text value (names, contacts) for conflict checks. */
export function normalizeText(text: string): string {
  // ASCII is already in NFC; most keys and names of a large file are, and normalize() copies.
  return (NON_ASCII.test(text) ? text.normalize('NFC') : text).replace(SPACES, ' ').trim().toLowerCase();
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
