import { z } from 'zod';

export const newClientSchema = z.object({
  clientName: z.string().trim().min(2, { message: 'clientOnboarding.errors.clientName' }).max(120, { message: 'clientOnboarding.errors.clientName' }),
  ownerEmail: z.string().trim().toLowerCase().email({ message: 'clientOnboarding.errors.ownerEmail' }).max(254, { message: 'clientOnboarding.errors.ownerEmail' }),
  role: z.enum(['admin', 'analyst', 'viewer'], { message: 'clientOnboarding.errors.role' }),
});

export type NewClientInput = z.infer<typeof newClientSchema>;
