import { z } from 'zod';

export const signupSchema = z.object({
  kind: z.enum(['company', 'consultancy'], { message: 'signup.errors.kind' }),
  orgName: z.string().trim().min(2, { message: 'signup.errors.orgName' }).max(120, { message: 'signup.errors.orgName' }),
  name: z.string().trim().min(2, { message: 'signup.errors.name' }).max(120, { message: 'signup.errors.name' }),
  email: z.string().trim().toLowerCase().email({ message: 'signup.errors.email' }).max(254, { message: 'signup.errors.email' }),
  password: z.string().max(200, { message: 'signup.errors.passwordTooLong' }),
  confirm: z.string().max(200, { message: 'signup.errors.passwordTooLong' }),
});

export type SignupInput = z.infer<typeof signupSchema>;
