/**
 * The text the supplier list searches: lower-case, without accents or extra spaces, so
 * "PEÑA" finds "Peña" and "cafe" finds "Café". Stored in suppliers.search_text and
 * matched with LIKE '%…%' through the pg_trgm GIN index.
 */
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const SPACES = /\s+/g;

export function foldSearchText(text: string): string {
  // ASCII has no marks to strip: skip the decomposition, the costly part for a 100,000-row import.
  const bare = NON_ASCII.test(text) ? text.normalize('NFD').replace(MARKS, '') : text;
  return bare.toLowerCase().replace(SPACES, ' ').trim();
}

export interface SearchableSupplier {
  legalName: string;
  tradeName?: string | null;
  taxId?: string | null;
  externalId?: string | null;
}

export function supplierSearchText(s: SearchableSupplier): string {
  return foldSearchText([s.legalName, s.tradeName, s.taxId, s.externalId].filter(Boolean).join(' '));
}

/** A LIKE pattern for "contains", with the user's % _ and \ taken literally. */
export function containsPattern(query: string): string {
  return `%${foldSearchText(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
