/**
 * Spreadsheet formula-injection guard (OWASP "CSV Injection"; ASVS 1.2.10): a text
 * cell that starts with = + - @, a tab, a carriage return or line feed, or a NUL, is
 * prefixed with a single quote so Excel, LibreOffice and Sheets show it as text.
 * Full-width = + - @ are included because some spreadsheet apps fold them to ASCII.
 * Numbers are never passed here: a real -5 stays the number -5.
 */
const TRIGGER = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutralizeFormula(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isoDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
