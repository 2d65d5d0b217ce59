import { readFileSync } from 'node:fs';
import type { QuestionnaireTemplate } from './template.schema.ts';
import { parseTemplateJson } from './template.json.ts';

/**
 * The shipped child-labour questionnaire, one file per version. Versions are never edited
 * once shipped: tenants' assessments keep the definition they were sent with, and a
 * tenant that already has v1 keeps it alongside v2.
 */
const FILES = {
  1: new URL('./default-template.json', import.meta.url),
  2: new URL('./default-template-v2.json', import.meta.url),
} as const;

export type ShippedVersion = keyof typeof FILES;
/** The version new assessments are offered first. */
export const LATEST_SHIPPED_VERSION: ShippedVersion = 2;

const cached = new Map<ShippedVersion, QuestionnaireTemplate>();

/**
 * One shipped version, validated on first use. A broken file is a build defect, so it
 * throws with every problem listed. Each call returns a fresh copy so no caller can alter
 * another's template.
 */
export function shippedTemplate(version: ShippedVersion): QuestionnaireTemplate {
  let template = cached.get(version);
  if (!template) {
    const result = parseTemplateJson(readFileSync(FILES[version], 'utf8'));
    if (!result.ok) {
      const list = result.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
      throw new Error(`shipped questionnaire v${version} is invalid:\n${list}`);
    }
    template = result.template;
    cached.set(version, template);
  }
  return structuredClone(template);
}

/** Every shipped version, oldest first. */
export function shippedTemplates(): QuestionnaireTemplate[] {
  return (Object.keys(FILES).map(Number) as ShippedVersion[]).map(shippedTemplate);
}

/** The version new assessments use by default (v2). */
export function latestShippedTemplate(): QuestionnaireTemplate {
  return shippedTemplate(LATEST_SHIPPED_VERSION);
}

/**
 * Version 1, as first shipped. Kept under its old name because existing assessments,
 * the demo data of other features and their tests answer v1's questions.
 */
export function defaultTemplate(): QuestionnaireTemplate {
  return shippedTemplate(1);
}
