import { Router, type Request } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { WEBHOOK_EVENTS } from './webhook.events.ts';
import type { WebhookService } from './webhook.service.ts';

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Settings → Webhooks: endpoints, their signing secret (once), the delivery log, redelivery. */
export function webhookRoutes(deps: { webhooks: WebhookService }): Router {
  const { webhooks } = deps;
  const r = Router();
  const guard = [requireActor, requirePermission('webhooks.manage')];
  const events = (req: Request, chosen: string[] = []) =>
    WEBHOOK_EVENTS.map((e) => ({ id: e, label: req.t(`webhooks.events.${e.replace('.', '_')}`), checked: chosen.includes(e) }));

  async function index(req: Request, extra: Record<string, unknown> = {}) {
    const endpoints = (await webhooks.list(actorOf(req))).map((e) => ({
      ...e, eventLabels: e.events.map((x) => req.t(`webhooks.events.${x.replace('.', '_')}`)).join(', '),
    }));
    return { title: req.t('webhooks.title'), endpoints, events: events(req, asList((extra.form as { events?: unknown })?.events)), ...extra };
  }

  r.get('/settings/webhooks', ...guard, async (req, res) => res.render('webhooks/index', await index(req)));

  r.post('/settings/webhooks', ...guard, async (req, res) => {
    const body = req.body ?? {};
    try {
      const created = await webhooks.create(actorOf(req), { url: String(body.url ?? ''), description: String(body.description ?? ''), events: asList(body.events) });
      res.status(201).render('webhooks/index', await index(req, { created }));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422).render('webhooks/index', await index(req, {
        form: body, issues: e.issues.map((i) => ({ field: i.field, message: req.t(i.key, i.params) })),
      }));
    }
  });

  r.get('/settings/webhooks/:id', ...guard, async (req, res) => {
    const { endpoint, deliveries } = await webhooks.show(actorOf(req), uuidParam(req.params.id));
    res.render('webhooks/show', {
      title: req.t('webhooks.title'),
      endpoint: { ...endpoint, eventLabels: endpoint.events.map((x) => req.t(`webhooks.events.${x.replace('.', '_')}`)).join(', ') },
      deliveries: deliveries.map((d) => ({
        ...d, statusLabel: req.t(`webhooks.status.${d.status}`), redeliverable: d.status !== 'pending',
        error: d.error && (d.error.startsWith('webhooks.') ? req.t(d.error) : req.t('webhooks.networkError', { detail: d.error })),
      })),
    });
  });

  r.post('/settings/webhooks/:id/enable', ...guard, async (req, res) => {
    const id = uuidParam(req.params.id);
    await webhooks.setEnabled(actorOf(req), id, true);
    flash(req, 'success', 'webhooks.enabled');
    res.redirect(303, `/settings/webhooks/${id}`);
  });

  r.post('/settings/webhooks/:id/disable', ...guard, async (req, res) => {
    const id = uuidParam(req.params.id);
    await webhooks.setEnabled(actorOf(req), id, false);
    flash(req, 'success', 'webhooks.disabled');
    res.redirect(303, `/settings/webhooks/${id}`);
  });

  r.post('/settings/webhooks/:id/delete', ...guard, async (req, res) => {
    await webhooks.remove(actorOf(req), uuidParam(req.params.id));
    flash(req, 'success', 'webhooks.deleted');
    res.redirect(303, '/settings/webhooks');
  });

  r.post('/settings/webhooks/:id/ping', ...guard, async (req, res) => {
    const id = uuidParam(req.params.id);
    await webhooks.ping(actorOf(req), id);
    flash(req, 'success', 'webhooks.pingQueued');
    res.redirect(303, `/settings/webhooks/${id}`);
  });

  r.post('/settings/webhooks/:id/deliveries/:deliveryId/redeliver', ...guard, async (req, res) => {
    const id = uuidParam(req.params.id);
    await webhooks.redeliver(actorOf(req), id, uuidParam(req.params.deliveryId));
    flash(req, 'success', 'webhooks.redeliveryQueued');
    res.redirect(303, `/settings/webhooks/${id}`);
  });

  return r;
}
