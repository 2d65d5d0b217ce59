import { readFileSync } from 'node:fs';
import type { QuestionnaireTemplate } from './template.schema.ts';
import { parseTemplateJson } from './template.json.ts';

const FILE = new URL('./default-template.json', import.meta.url);

let cached: QuestionnaireTemplate | undefined;

/**
 * The shipped child-labour questionnaire, validated on first use. A broken file
 * is a build defect, so it throws with every problem listed. Each call returns
 * a fresh copy so no caller can alter another's template.
 */
export function defaultTemplate(): QuestionnaireTemplate {
  if (cached) return structuredClone(cached);
  const result = parseTemplateJson(readFileSync(FILE, 'utf8'));
  if (!result.ok) {
    const list = result.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
    throw new Error(`default-template.json is invalid:\n${list}`);
  }
  cached = result.template;
  return structuredClone(cached);
}
