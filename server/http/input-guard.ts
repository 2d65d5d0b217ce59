import type { RequestHandler } from 'express';
import { MalformedInput, type FieldIssue } from '../errors.ts';

/** Deep enough for any form or API body we accept; deeper bodies are refused by their own schemas. */
const MAX_DEPTH = 32;

/** Paths (a.b[2].c) of every string holding a NUL byte, which PostgreSQL text cannot store. */
function nulFields(value: unknown, path: string, out: string[], depth = 0): void {
  if (out.length >= 10 || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, `${path}[${i}]`, out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = k.includes('\u0000') ? k.replaceAll('\u0000', '\\0') : k;
      if (key !== k) out.push(path ? `${path}.${key}` : key);
      nulFields(v, path ? `${path}.${key}` : key, out, depth + 1);
    }
  }
}

/**
 * Refuses NUL bytes in the query string and parsed bodies up front with a 400 naming the
 * field, instead of letting PostgreSQL fail the statement ("invalid byte sequence") as a 500.
 * Multipart bodies parsed later are covered by the error handler's mapping of that error.
 */
export function rejectNulBytes(): RequestHandler {
  return (req, _res, next) => {
    const fields: string[] = [];
    nulFields(req.query, '', fields);
    nulFields(req.body, '', fields);
    if (fields.length === 0) return next();
    const issues: FieldIssue[] = fields.map((field) => ({ field, key: 'errors.nulByte', params: { field } }));
    next(new MalformedInput(issues));
  };
}
