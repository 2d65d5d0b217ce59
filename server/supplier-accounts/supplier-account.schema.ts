import { z } from 'zod';
import { checkRfc } from '../suppliers/import/rfc.ts';

const E = 'sharing.errors.';

/** RFC of a real taxpayer: the generic public/foreign RFCs identify no one, so they cannot claim. */
const rfc = z.string({ message: `${E}rfcRequired` }).trim().min(1, `${E}rfcRequired`).max(20, `${E}rfcFormat`).transform((v, ctx) => {
  const check = checkRfc(v);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: `${E}rfcFormat` });
  else if (check.generic) ctx.addIssue({ code: 'custom', message: `${E}rfcGeneric` });
  return check.rfc;
});

export const claimSchema = z.object({
  rfc,
  email: z.string({ message: `${E}emailRequired` }).trim().toLowerCase().min(1, `${E}emailRequired`).max(254, `${E}emailFormat`)
    .pipe(z.email({ message: `${E}emailFormat` })),
});
export type ClaimInput = z.infer<typeof claimSchema>;

export const verifySchema = z.object({
  token: z.string({ message: `${E}tokenInvalid` }).regex(/^[A-Za-z0-9_-]{20,100}$/, `${E}tokenInvalid`),
});
