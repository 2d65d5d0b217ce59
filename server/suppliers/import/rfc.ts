/**
 * Mexican RFC (Registro Federal de Contribuyentes) checks.
 *
 * Persona moral: 3 letters (A–Z, Ñ, &) + incorporation date YYMMDD + 3-char homoclave.
 * Persona física: 4 letters + birth date YYMMDD + homoclave. The homoclave's last
 * character is a check digit (0–9 or A) over the preceding twelve; about 1.5 % of RFCs
 * in real use fail it yet are registered with the SAT, so a mismatch is a warning.
 */
export type RfcKind = 'moral' | 'fisica';

export type RfcCheck =
  | { ok: true; rfc: string; kind: RfcKind; generic: boolean; checkDigitOk: boolean; expectedCheckDigit: string }
  | { ok: false; rfc: string; reason: 'format' | 'date' };

/** Public-in-general and foreign generic RFCs: they identify no one. */
export const GENERIC_RFCS: ReadonlySet<string> = new Set(['XAXX010101000', 'XEXX010101000']);

const RFC_RE = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{2})([\dA])$/;

/** Uppercase and drop the spaces, hyphens and dots people type between the parts. */
export function normalizeRfc(value: string): string {
  return value.toUpperCase().replace(/[\s\-_.]/g, '');
}

export function checkRfc(value: string): RfcCheck {
  const rfc = normalizeRfc(value);
  const m = RFC_RE.exec(rfc);
  if (!m) return { ok: false, rfc, reason: 'format' };
  if (!isValidYymmdd(Number(m[2]), Number(m[3]), Number(m[4]))) return { ok: false, rfc, reason: 'date' };
  const generic = GENERIC_RFCS.has(rfc);
  const expected = rfcCheckDigit(rfc.slice(0, -1));
  return {
    ok: true,
    rfc,
    kind: m[1].length === 3 ? 'moral' : 'fisica',
    generic,
    // The generic RFCs are fixed by the SAT and do not follow the algorithm.
    checkDigitOk: generic || expected === rfc.slice(-1),
    expectedCheckDigit: expected,
  };
}

/**
 * The century is not written, so a date is accepted when it exists in 19YY or 20YY;
 * only 29 February differs between them, and it exists in 20YY whenever YY % 4 == 0.
 */
function isValidYymmdd(yy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const year = 2000 + yy;
  const days = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return dd <= days;
}

// SAT's value table: digits 0–9, A–N 10–23, & 24, O–Z 25–36, space 37, Ñ 38.
const ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/**
 * Check digit over the first 12 characters (a persona moral's 11 are padded with a
 * leading space): weights 13 down to 2, sum mod 11; 11 − r, with 11 → '0' and 10 → 'A'.
 * Verified against RFCs published by their holders (e.g. CFE370814QI0, PME380607P35,
 * SAT970701NN3) and the SAT's example GODE561231GR8 — see test/suppliers/import/rfc.test.ts.
 */
export function rfcCheckDigit(first12or11: string): string {
  const body = first12or11.padStart(12, ' ');
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const v = ALPHABET.indexOf(body[i]);
    if (v < 0) return '?';
    sum += v * (13 - i);
  }
  const d = (11 - (sum % 11)) % 11;
  return d === 10 ? 'A' : String(d);
}
