/**
 * Text normalisation for Mexican place names, applied identically to the catalogue
 * and to what users type, so that abbreviations and accents never decide a match.
 */

// Abbreviations people write in addresses and spreadsheets → the word in INEGI names.
const ABBREVIATIONS: Record<string, string> = {
  cd: 'ciudad',
  gral: 'general',
  sta: 'santa',
  sto: 'santo',
  sn: 'san',
  stgo: 'santiago',
  dr: 'doctor',
  ing: 'ingeniero',
  lic: 'licenciado',
  prof: 'profesor',
  fco: 'francisco',
  ma: 'maria',
  edo: 'estado',
  hca: 'heroica',
  dto: 'distrito',
};

// Single letters that stand for a word only when they open the name ("S. Juan", "H. Matamoros");
// elsewhere a single letter is an initial ("Francisco I. Madero") and stays.
const LEADING_LETTERS: Record<string, string> = { s: 'san', h: 'heroica' };

// Words that say "this is a municipality" rather than name it.
const DROPPED = new Set(['mpio', 'municipio', 'mun']);

/** Articles and prepositions: people drop or add them freely ("Villa de Álvarez" / "Villa Álvarez"). */
export const STOPWORDS = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y']);

/** Lower case, no accents (ñ → n, ü → u), only letters, digits and single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Tokens of a place name with abbreviations expanded. Runs of single letters are
 * joined first, so "N.L.", "S.L.P." and "D.F." become "nl", "slp" and "df".
 */
export function tokens(text: string): string[] {
  const raw = fold(text).split(' ').filter(Boolean);
  const joined: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].length === 1 && /[a-z]/.test(raw[i]) && i + 1 < raw.length && raw[i + 1].length === 1 && /[a-z]/.test(raw[i + 1])) {
      let run = raw[i];
      while (i + 1 < raw.length && raw[i + 1].length === 1 && /[a-z]/.test(raw[i + 1])) run += raw[++i];
      joined.push(run);
    } else {
      joined.push(raw[i]);
    }
  }
  const out: string[] = [];
  joined.forEach((t, i) => {
    if (DROPPED.has(t)) return;
    if (i === 0 && LEADING_LETTERS[t] && joined.length > 1) out.push(LEADING_LETTERS[t]);
    else out.push(ABBREVIATIONS[t] ?? t);
  });
  return out;
}

/** Tokens that carry meaning (no articles or prepositions). */
export function contentTokens(text: string): string[] {
  return tokens(text).filter((t) => !STOPWORDS.has(t));
}

/** The comparison key: two names with the same key are the same name for search purposes. */
export function searchKey(text: string): string {
  return contentTokens(text).join(' ');
}
