/**
 * What a person reads on a page: the text between tags, without scripts, styles, hidden
 * elements, attribute values or the language switcher (which names both languages).
 * Elements marked `data-technical` hold identifiers a person copies into another system
 * (webhook event ids, OpenID Connect settings): shown as code on purpose, so not checked.
 */
export function visibleText(html: string): string[] {
  const body = html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<template[\s\S]*?<\/template>/gi, ' ')
    .replace(/<(\w+)[^>]*\shidden[\s>][\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(\w+)[^>]*\sdata-technical[\s>][\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  return body
    .split(/<[^>]*>/)
    .map((s) => decode(s).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function decode(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
}

const LEVELS = new Set(['critical', 'high', 'medium', 'low', 'unscored', 'very_high', 'very_low']);

/** Internal codes and ISO dates found in a page's visible text, each with a little context. */
export function rawCodes(texts: string[], known: Set<string>): string[] {
  const found: string[] = [];
  for (const text of texts) {
    if (LEVELS.has(text)) found.push(`bare level "${text}"`);
    for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.push(`snake_case "${m[0]}" in "${text.slice(0, 80)}"`);
    for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date "${m[0]}" in "${text.slice(0, 80)}"`);
    for (const m of text.matchAll(/(?<![@\w.])[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*(?![\w.@])/g)) {
      if (known.has(m[0])) found.push(`code "${m[0]}" in "${text.slice(0, 80)}"`);
    }
    for (const word of text.split(/[^\w.]+/)) if (/[._]/.test(word) && known.has(word) && !found.some((f) => f.includes(`"${word}"`))) found.push(`code "${word}" in "${text.slice(0, 80)}"`);
  }
  return found;
}
