/**
 * The text the supplier list searches: lower-case, without accents or extra spaces, so
 * "PEÑA" finds "Peña" and "cafe" finds "Café". Stored in suppliers.search_text and
 * matched with LIKE '%…%' through the pg_trgm GIN index.
 */
const MARKS = /\p{M}+/gu;

export function foldSearchText(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(/\s+/g, ' ').trim();
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
