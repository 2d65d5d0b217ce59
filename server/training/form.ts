import type { z } from 'zod';
import { ValidationFailed } from '../errors.ts';

/** Parses a form with a schema whose messages are i18n keys; each issue names its field and keeps its params. */
export function parseFeatureForm<S extends z.ZodType>(schema: S, input: unknown, fallbackKey: string): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationFailed(
    r.error.issues.map((i) => {
      const field = i.path.join('.');
      const params = (i as { params?: Record<string, unknown> }).params ?? {};
      return {
        field: String(params.field ?? field),
        key: /^[a-zA-Z]+\.[\w.]+$/.test(i.message) ? i.message : fallbackKey,
        params: { field: String(params.field ?? field), ...params },
      };
    }),
  );
}
