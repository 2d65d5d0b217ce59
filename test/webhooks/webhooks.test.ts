import { expect } from 'chai';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { isPublicAddress } from '../../server/webhooks/webhook.target.ts';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { Receiver } from './receiver.ts';
import { emitWebhookEvent } from '../../server/webhooks/webhook.emit.ts';
import { MAX_ATTEMPTS, DISABLE_AFTER } from '../../server/webhooks/webhook.service.ts';

describe('webhooks: signed deliveries, retries, disabling and redelivery', () => {
  let t: TestApp;
  let org: TestOrg;
  let admin: Browser;
  let receiver: Receiver;

  /** Runs due jobs; a retry waits for its backoff, so tests bring it forward instead of sleeping. */
  async function runJobs(bringRetriesForward = true) {
    for (let i = 0; i < 20; i++) {
      if (bringRetriesForward) {
        await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() WHERE kind = 'webhookDelivery' AND status = 'queued' AND organization_id = $1`, [org.id]));
      }
      if ((await t.services.jobs.drain()) === 0) return;
    }
  }

  async function createEndpoint(events: string[]) {
    await admin.get('/settings/webhooks');
    const res = await admin.post('/settings/webhooks', { url: receiver.url, description: 'ERP', events: events as unknown as string });
    expect(res.status, res.text.slice(0, 1000)).to.equal(201);
    receiver.secret = /id="new-secret">([^<]+)</.exec(res.text)![1];
    const id = /href="\/settings\/webhooks\/([0-9a-f-]{36})"/.exec(res.text)![1];
    return id;
  }

  before(async () => {
    t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  });
  beforeEach(async () => {
    org = await createOrg(t.db);
    admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(() => receiver.stop());

  it('signs each delivery, retries after a 500 and logs both answers', async () => {
    const endpointId = await createEndpoint(['report.ready', 'finding.created']);
    const stored = await t.db.admin((q) => q.query<{ secret_sealed: string }>(`SELECT secret_sealed FROM webhook_endpoints WHERE id = $1`, [endpointId]));
    expect(stored.rows[0].secret_sealed).to.not.contain(receiver.secret.slice(6));

    receiver.plan = [500];
    await t.db.tx({ orgId: org.id, userId: null }, (q) => emitWebhookEvent(q, 'report.ready', { reportId: 'r-1' }));
    await t.db.tx({ orgId: org.id, userId: null }, (q) => emitWebhookEvent(q, 'assessment.reviewed', { assessmentId: 'a-1' }));
    await runJobs();

    expect(receiver.received.map((r) => r.verified)).to.deep.equal([true, true]);
    const [first, second] = receiver.received;
    expect(first.body).to.equal(second.body);
    expect(first.headers['vigia-delivery']).to.equal(second.headers['vigia-delivery']);
    expect(JSON.parse(first.body)).to.deep.include({ type: 'report.ready', data: { reportId: 'r-1' } });
    expect(first.headers['vigia-event']).to.equal('report.ready');

    const page = await admin.get(`/settings/webhooks/${endpointId}`);
    expect(page.text).to.contain('Entregado').and.contain('HTTP 200');
    const log = await t.db.admin((q) => q.query<{ status: string; attempts: number; response_status: number }>(
      `SELECT status, attempts, response_status FROM webhook_deliveries WHERE endpoint_id = $1`, [endpointId]));
    expect(log.rows).to.deep.equal([{ status: 'succeeded', attempts: 2, response_status: 200 }]);
  });

  it('never delivers an event that was rolled back with its change', async () => {
    await createEndpoint(['finding.created']);
    await t.db.tx({ orgId: org.id, userId: null }, async (q) => {
      await emitWebhookEvent(q, 'finding.created', { findingId: 'f-1' });
      throw new Error('the change failed');
    }).catch(() => undefined);
    await runJobs();
    expect(receiver.received).to.have.length(0);
  });

  it('disables an endpoint that keeps failing, e-mails its owners, and resends by hand once fixed', async () => {
    const endpointId = await createEndpoint(['report.ready']);
    receiver.plan = Array(MAX_ATTEMPTS * DISABLE_AFTER).fill(503);
    for (let i = 0; i < DISABLE_AFTER; i++) {
      await t.db.tx({ orgId: org.id, userId: null }, (q) => emitWebhookEvent(q, 'report.ready', { reportId: `r-${i}` }));
    }
    await runJobs();
    expect(receiver.received).to.have.length(MAX_ATTEMPTS * DISABLE_AFTER);
    const page = await admin.get(`/settings/webhooks/${endpointId}`);
    expect(page.text).to.contain('data-endpoint-state="disabled"').and.contain('desactivado tras varios envíos fallidos');
    const mail = t.mailer.lastTo(org.users.owner.email);
    expect(mail?.subject).to.contain('se desactivó un webhook');
    expect(mail?.text).to.contain(receiver.url);

    // Nothing is sent while disabled.
    await t.db.tx({ orgId: org.id, userId: null }, (q) => emitWebhookEvent(q, 'report.ready', { reportId: 'later' }));
    await runJobs();
    expect(receiver.received).to.have.length(MAX_ATTEMPTS * DISABLE_AFTER);

    await admin.post(`/settings/webhooks/${endpointId}/enable`);
    const failed = /data-delivery="([0-9a-f-]{36})"/.exec((await admin.get(`/settings/webhooks/${endpointId}`)).text)![1];
    const again = await admin.post(`/settings/webhooks/${endpointId}/deliveries/${failed}/redeliver`);
    expect(again.status).to.equal(303);
    await runJobs();
    expect(receiver.received.at(-1)!.verified).to.equal(true);
    const audit = await t.db.admin((q) => q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = $1 AND action LIKE 'webhook.%' ORDER BY id`, [org.id]));
    expect(audit.rows.map((r) => r.action)).to.deep.equal(['webhook.created', 'webhook.disabled', 'webhook.enabled', 'webhook.redelivered']);
  });

  it('sends a test event on request and keeps other tenants and other roles out', async () => {
    const endpointId = await createEndpoint(['case.opened']);
    await admin.post(`/settings/webhooks/${endpointId}/ping`);
    await runJobs();
    expect(JSON.parse(receiver.received[0].body).type).to.equal('webhook.ping');

    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    expect((await analyst.get('/settings/webhooks')).status).to.equal(403);
    const other = await createOrg(t.db);
    const outsider = new Browser(t.app);
    await outsider.login(other.users.owner.email, PASSWORD);
    expect((await outsider.get(`/settings/webhooks/${endpointId}`)).status).to.equal(404);
  });

  it('names the field when the address or the events are wrong', async () => {
    await admin.get('/settings/webhooks');
    const res = await admin.post('/settings/webhooks', { url: 'ftp://example.com', description: '', events: 'nope' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('La dirección debe empezar con https://.').and.contain('Elija al menos un evento de la lista.');
  });
});

describe('webhooks: only public addresses when configuration does not allow private ones', () => {
  it('refuses loopback at registration and at delivery after DNS', async () => {
    const t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: 'false' } });
    const org = await createOrg(t.db);
    const admin = new Browser(t.app);
    await admin.login(org.users.owner.email, PASSWORD);
    await admin.get('/settings/webhooks');
    const direct = await admin.post('/settings/webhooks', { url: 'https://127.0.0.1/hook', events: 'report.ready' });
    expect(direct.status).to.equal(422);
    expect(direct.text).to.contain('apunta a una red privada');
    // A name that passes the shape check but resolves to a private address (this machine's
    // own host name, from /etc/hosts: no DNS server needed) is stopped at send time.
    const host = hostname();
    const resolved = await lookup(host);
    expect(isPublicAddress(resolved.address), `${host} resolves to ${resolved.address}`).to.equal(false);
    const named = await admin.post('/settings/webhooks', { url: `https://${host}:9/hook`, events: 'report.ready' });
    expect(named.status, named.text.slice(0, 500)).to.equal(201);
    await t.db.tx({ orgId: org.id, userId: null }, (q) => emitWebhookEvent(q, 'report.ready', { reportId: 'r' }));
    await t.services.jobs.drain();
    const d = await t.db.admin((q) => q.query<{ error: string; response_status: number | null }>(
      `SELECT error, response_status FROM webhook_deliveries WHERE organization_id = $1`, [org.id]));
    expect(d.rows[0]).to.deep.equal({ error: 'webhooks.errors.urlPrivate', response_status: null });
  });
});
