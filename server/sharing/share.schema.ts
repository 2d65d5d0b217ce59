import { z } from 'zod';

const E = 'sharing.errors.';

const uuid = (key: string) => z.string({ message: key }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, key);

export const shareSchema = z.object({
  source: uuid(`${E}sourceRequired`),
  target: uuid(`${E}targetRequired`),
  // A checkbox: present means the supplier lets the receiver see who reviewed it.
  showSourceName: z.literal('1').optional().transform((v) => v === '1'),
  consent: z.literal('1', { message: `${E}consentRequired` }),
});
export type ShareInput = z.infer<typeof shareSchema>;
