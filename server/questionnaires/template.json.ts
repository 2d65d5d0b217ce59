import type { z } from 'zod';
import type { FieldIssue } from '../errors.ts';
import { templateSchema, type QuestionnaireTemplate } from './template.schema.ts';

/** One problem in a template, located by section/question id rather than by index. */
export interface TemplateIssue {
  /** e.g. `sections[policy].questions[written_policy].scoring.maxPoints` */
  path: string;
  segments: (string | number)[];
  sectionId?: string;
  questionId?: string;
  /** i18n key under `questionnaires.errors.template.` */
  key: string;
  params: Record<string, unknown>;
  /** English, for logs and template authors working on the JSON. */
  message: string;
}

export type TemplateResult =
  | { ok: true; template: QuestionnaireTemplate }
  | { ok: false; errors: TemplateIssue[] };

const ERR = 'questionnaires.errors.template.';

export function validateTemplate(input: unknown): TemplateResult {
  const result = templateSchema.safeParse(input);
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, errors: result.error.issues.flatMap((issue) => toIssues(issue, input)) };
}

/** Import: JSON text → a valid template, or every problem with its path. */
export function parseTemplateJson(text: string): TemplateResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [{ path: '', segments: [], key: ERR + 'invalidJson', params: { path: '', message }, message }] };
  }
  return validateTemplate(input);
}

/** Export: stable, readable JSON that parseTemplateJson reads back unchanged. */
export function exportTemplate(template: QuestionnaireTemplate): string {
  return JSON.stringify(template, null, 2) + '\n';
}

/** For `new ValidationFailed(toFieldIssues(errors))` in services. */
export function toFieldIssues(errors: TemplateIssue[]): FieldIssue[] {
  return errors.map((e) => ({ field: e.path, key: e.key, params: e.params }));
}

function toIssues(issue: z.core.$ZodIssue, input: unknown): TemplateIssue[] {
  const segments = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const located = (extra: (string | number)[], key: string, params: Record<string, unknown>, message: string): TemplateIssue => {
    const all = [...segments, ...extra];
    const where = describePath(all, input);
    // The path is a param too, so a translated message can say where the problem is.
    return { ...where, segments: all, key, params: { path: where.path, ...params }, message };
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      // One issue per unknown field, so the path names the field itself.
      return issue.keys.map((k) => located([k], ERR + 'unknownField', { field: k }, `unknown field "${k}"`));
    case 'invalid_type': {
      const missing = valueAt(input, segments) === undefined;
      return [located([], ERR + (missing ? 'missingField' : 'invalidType'), { expected: issue.expected },
        missing ? `required field is missing (expected ${issue.expected})` : issue.message)];
    }
    case 'invalid_value':
      return [located([], ERR + 'invalidValue', { values: issue.values.map(String).join(', ') }, issue.message)];
    case 'too_small': {
      const key = issue.origin === 'string' ? 'emptyText'
        : issue.origin === 'array' ? 'tooFewItems'
          : issue.origin === 'number' && issue.inclusive === false ? 'mustExceed'
            : 'tooSmall';
      return [located([], ERR + key, { minimum: Number(issue.minimum) }, issue.message)];
    }
    case 'too_big':
      return [located([], ERR + 'tooBig', { maximum: Number(issue.maximum) }, issue.message)];
    case 'invalid_format':
      return [located([], ERR + 'invalidFormat', { format: issue.format }, issue.message)];
    case 'custom': {
      const { key, ...params } = (issue.params ?? {}) as Record<string, unknown>;
      return [located([], typeof key === 'string' ? key : ERR + 'invalid', params, issue.message)];
    }
    default:
      return [located([], ERR + 'invalid', {}, issue.message)];
  }
}

function valueAt(input: unknown, segments: (string | number)[]): unknown {
  let node = input;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Array elements are named by their id (sections, questions) or value (options) when they have one. */
const NAMING_FIELD: Record<string, string> = { sections: 'id', questions: 'id', options: 'value' };

function describePath(segments: (string | number)[], input: unknown): Pick<TemplateIssue, 'path' | 'sectionId' | 'questionId'> {
  let node = input;
  let path = '';
  let sectionId: string | undefined;
  let questionId: string | undefined;
  segments.forEach((seg, i) => {
    const parent = segments[i - 1];
    const child = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'number') {
      const field = typeof parent === 'string' ? NAMING_FIELD[parent] : undefined;
      const name = field && child && typeof child === 'object' ? (child as Record<string, unknown>)[field] : undefined;
      const label = typeof name === 'string' && name !== '' ? name : String(seg);
      path += `[${label}]`;
      if (parent === 'sections' && typeof name === 'string') sectionId = name;
      if (parent === 'questions' && typeof name === 'string') questionId = name;
    } else {
      path += path === '' ? seg : `.${seg}`;
    }
    node = child;
  });
  return { path, ...(sectionId && { sectionId }), ...(questionId && { questionId }) };
}
