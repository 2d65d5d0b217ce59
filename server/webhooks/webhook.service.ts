import type { Database, Queryable } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../logger.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed, type FieldIssue } from '../errors.ts';
import { insertJob } from '../jobs/job.queries.ts';
import type { JobService } from '../jobs/job.service.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import { DELIVERY_JOB, emitWebhookEvent } from './webhook.emit.ts';
import { isWebhookEvent, PING_EVENT } from './webhook.events.ts';
import { postWebhook, type PostResult } from './webhook.delivery.ts';
import { newWebhookSecret, signatureHeader, SIGNATURE_HEADER } from './webhook.signature.ts';
import { checkTargetUrl, resolveTarget } from './webhook.target.ts';
import * as webhooks from './webhook.queries.ts';

/** Attempts per delivery, and the wait before each retry (exponential: 30 s × 4ⁿ, capped at 6 h). */
export const MAX_ATTEMPTS = 6;
export const retryDelayMs = (attempt: number) => Math.min(6 * 3600_000, 30_000 * 4 ** (attempt - 1));
/** Deliveries in a row that exhausted their attempts before the endpoint is disabled. */
export const DISABLE_AFTER = 3;

export interface WebhookDeps {
  db: Database;
  box: SecretBox;
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  /** WEBHOOKS_ALLOW_PRIVATE: loopback and private targets (tests, intranets). */
  allowPrivate: boolean;
  post?: typeof postWebhook;
}

export function createWebhookService(deps: WebhookDeps) {
  const { db, box, mailer, logger } = deps;
  const post = deps.post ?? postWebhook;
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);

  async function list(actor: Actor) {
    authorize(actor, 'webhooks.manage');
    return tx(actor, (q) => webhooks.listEndpoints(q));
  }

  async function show(actor: Actor, id: string) {
    authorize(actor, 'webhooks.manage');
    return tx(actor, async (q) => {
      const endpoint = await webhooks.getEndpoint(q, id);
      if (!endpoint) throw new NotFound();
      return { endpoint, deliveries: await webhooks.listDeliveries(q, id) };
    });
  }

  /** Registers an endpoint; the signing secret is returned once, here, and kept sealed. */
  async function create(actor: Actor, input: { url: string; description: string; events: string[] }) {
    authorize(actor, 'webhooks.manage');
    const issues: FieldIssue[] = [];
    const target = checkTargetUrl(input.url, deps.allowPrivate);
    if (!target.ok) issues.push({ field: 'url', key: target.key });
    const events = [...new Set(input.events)];
    if (events.length === 0 || !events.every(isWebhookEvent)) issues.push({ field: 'events', key: 'webhooks.errors.events' });
    const description = input.description.trim();
    if (description.length > 200) issues.push({ field: 'description', key: 'webhooks.errors.description' });
    if (issues.length) throw new ValidationFailed(issues);
    const secret = newWebhookSecret();
    const id = await tx(actor, async (q) => {
      const endpointId = await webhooks.insertEndpoint(q, { url: input.url.trim(), description, events, secretSealed: box.seal(secret), createdBy: actor.userId });
      await recordAudit(q, actor, { action: 'webhook.created', targetType: 'webhook', targetId: endpointId, details: { url: input.url.trim(), events } });
      return endpointId;
    });
    return { id, secret };
  }

  async function setEnabled(actor: Actor, id: string, enabled: boolean) {
    authorize(actor, 'webhooks.manage');
    await tx(actor, async (q) => {
      if (!(await webhooks.setEnabled(q, id, enabled, enabled ? null : 'manual'))) throw new NotFound();
      await recordAudit(q, actor, { action: enabled ? 'webhook.enabled' : 'webhook.disabled', targetType: 'webhook', targetId: id });
    });
  }

  async function remove(actor: Actor, id: string) {
    authorize(actor, 'webhooks.manage');
    await tx(actor, async (q) => {
      if (!(await webhooks.deleteEndpoint(q, id))) throw new NotFound();
      await recordAudit(q, actor, { action: 'webhook.deleted', targetType: 'webhook', targetId: id });
    });
  }

  /** A test event to one endpoint, subscribed or not. */
  async function ping(actor: Actor, id: string) {
    authorize(actor, 'webhooks.manage');
    await tx(actor, async (q) => {
      const endpoint = await webhooks.getEndpoint(q, id);
      if (!endpoint) throw new NotFound();
      await emitWebhookEvent(q, PING_EVENT, { endpointId: id }, { endpointIds: [id] });
    });
  }

  async function redeliver(actor: Actor, endpointId: string, deliveryId: string) {
    authorize(actor, 'webhooks.manage');
    await tx(actor, async (q) => {
      const d = await webhooks.getDelivery(q, deliveryId, true);
      if (!d || d.endpoint_id !== endpointId) throw new NotFound();
      if (!(await webhooks.resetDelivery(q, deliveryId))) throw new Conflict('webhooks.errors.stillPending');
      await insertJob(q, { kind: DELIVERY_JOB, payload: { deliveryId }, createdBy: actor.userId });
      await recordAudit(q, actor, { action: 'webhook.redelivered', targetType: 'webhook', targetId: endpointId, details: { deliveryId } });
    });
  }

  /** The delivery job: one attempt; a failure schedules the next attempt as a new job. */
  async function deliver(actor: Actor, deliveryId: string): Promise<{ status: string; responseStatus: number | null }> {
    const loaded = await tx(actor, async (q) => {
      const delivery = await webhooks.getDelivery(q, deliveryId);
      const endpoint = delivery && (await webhooks.getEndpoint(q, delivery.endpoint_id));
      return delivery && endpoint ? { delivery, endpoint } : null;
    });
    if (!loaded || loaded.delivery.status !== 'pending') return { status: 'skipped', responseStatus: null };
    const { delivery, endpoint } = loaded;

    let result: PostResult;
    if (!endpoint.enabled) result = { status: null, error: 'endpoint disabled' };
    else {
      const url = new URL(endpoint.url);
      const target = await resolveTarget(url, deps.allowPrivate);
      result = target.ok
        ? await post(url, target, delivery.body, {
            [SIGNATURE_HEADER]: signatureHeader(box.open(endpoint.secret_sealed), delivery.body),
            'Vigia-Event': delivery.event,
            'Vigia-Delivery': delivery.id,
          })
        : { status: null, error: target.key };
    }
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempt = delivery.attempts + 1;
    const retry = !ok && endpoint.enabled && attempt < MAX_ATTEMPTS;
    const nextAttemptAt = retry ? new Date(Date.now() + retryDelayMs(attempt)) : null;
    const status = ok ? 'succeeded' : retry ? 'pending' : 'failed';
    const disabled = await tx(actor, async (q) => {
      await webhooks.recordAttempt(q, delivery.id, { status, responseStatus: result.status, error: result.error, nextAttemptAt });
      if (ok) await webhooks.resetFailures(q, endpoint.id);
      if (retry) await insertJob(q, { kind: DELIVERY_JOB, payload: { deliveryId }, createdBy: null, runAfter: nextAttemptAt! });
      if (status !== 'failed' || !endpoint.enabled) return null;
      if ((await webhooks.countFailedDelivery(q, endpoint.id)) < DISABLE_AFTER) return null;
      await webhooks.setEnabled(q, endpoint.id, false, 'failing');
      await recordAudit(q, actor, { action: 'webhook.disabled', targetType: 'webhook', targetId: endpoint.id, details: { reason: 'failing', deliveries: DISABLE_AFTER } });
      return webhooks.ownerEmails(q);
    });
    if (disabled) await tellOwners(actor, endpoint, disabled);
    return { status, responseStatus: result.status };
  }

  async function tellOwners(actor: Actor, endpoint: webhooks.EndpointRow, recipients: { email: string; locale: string | null }[]) {
    for (const r of recipients) {
      const t = translator(pickLocale(r.locale ?? undefined));
      const link = `${deps.baseUrl}/settings/webhooks/${endpoint.id}`;
      await mailer.send({
        to: r.email,
        subject: t('webhooks.mail.disabledSubject', { org: actor.orgName }),
        text: t('webhooks.mail.disabledBody', { url: endpoint.url, count: DISABLE_AFTER, attempts: MAX_ATTEMPTS, link }),
      }).catch((err) => logger.warn({ err, endpointId: endpoint.id }, 'could not e-mail about a disabled webhook'));
    }
  }

  function register(jobs: JobService) {
    jobs.register(DELIVERY_JOB, async ({ job, actor }) => deliver(actor, String(job.payload.deliveryId)));
  }

  return { list, show, create, setEnabled, remove, ping, redeliver, deliver, register };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
