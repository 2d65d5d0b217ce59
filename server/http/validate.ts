import type { z } from 'zod';
import { ValidationFailed } from '../errors.ts';

/** Parses input with a zod schema whose messages are i18n keys; failures name each field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationFailed(
    r.error.issues.map((i) => ({
      field: i.path.join('.'),
      key: i.message.includes('.') && !i.message.includes(' ') ? i.message : 'errors.invalidField',
      params: { field: i.path.join('.') },
    })),
  );
}
