import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { insertJob } from '../jobs/job.queries.ts';
import type { WebhookEvent } from './webhook.events.ts';
import * as webhooks from './webhook.queries.ts';

export const DELIVERY_JOB = 'webhookDelivery';

/**
 * Called by a feature inside the transaction that makes the change (the outbox pattern):
 * one delivery and one job per subscribed endpoint, committed with the change or not at
 * all, so a receiver never hears of something that was rolled back. `data`: ids and
 * states only, never personal data.
 */
export async function emitWebhookEvent(q: Queryable, event: WebhookEvent | 'webhook.ping', data: Record<string, unknown>, opts: { endpointIds?: string[] } = {}): Promise<number> {
  const endpoints = opts.endpointIds ? opts.endpointIds.map((id) => ({ id })) : await webhooks.subscribedEndpoints(q, event);
  if (endpoints.length === 0) return 0;
  const envelope = { id: randomUUID(), type: event, createdAt: new Date().toISOString(), data };
  const body = JSON.stringify(envelope);
  for (const endpoint of endpoints) {
    const deliveryId = await webhooks.insertDelivery(q, { endpointId: endpoint.id, event, body });
    await insertJob(q, { kind: DELIVERY_JOB, payload: { deliveryId }, createdBy: null });
  }
  return endpoints.length;
}
