import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { parseRequestContext } from '../../server/auth/request-context.ts';

/**
 * The request context (user, second factor, organisations) is read with the session in one
 * statement (migration 034) instead of one transaction each; it must say exactly what the
 * separate reads say, and a change must show on the very next request.
 */
describe('auth: the request context read with the session', () => {
  let t: TestApp;
  let client: TestOrg;
  let consultancy: TestOrg;
  before(async () => {
    t = await buildTestApp();
    client = await createOrg(t.db);
    consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, client, consultancy, 'admin');
    await t.db.admin(async (q) => {
      await q.query(`INSERT INTO organization_sign_in (organization_id, require_two_factor) VALUES ($1, true)`, [client.id]);
      await q.query(`UPDATE organizations SET suspended_at = now(), suspended_reason = 'test' WHERE id = $1`, [client.id]);
      await q.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [consultancy.users.analyst.id]);
    });
  });

  async function combined(userId: string) {
    const r = await t.db.admin((q) => q.query<{ ctx: unknown }>(`SELECT app_request_context($1) AS ctx`, [userId]));
    return parseRequestContext(r.rows[0].ctx)!;
  }

  it('equals the separate reads of user, second factor, access and suspension for every kind of member', async () => {
    const users = [
      client.users.owner, client.users.auditor, client.users.viewer,
      consultancy.users.owner, consultancy.users.viewer, consultancy.users.analyst, consultancy.users.auditor,
    ];
    for (const u of users) {
      const ctx = await combined(u.id);
      expect(ctx.user, u.email).to.deep.equal(await t.services.auth.findUser(u.id));
      expect(ctx.twoFactor, u.email).to.deep.equal(await t.services.twoFactor.gateState(u.id));
      const access = await t.services.auth.listAccess(u.id);
      expect(ctx.access.map(({ suspended: _, ...a }) => a), u.email).to.deep.equal(access);
      for (const a of ctx.access) expect(a.suspended, `${u.email} in ${a.orgName}`).to.equal(await t.services.platform.isSuspended(a.orgId, u.id));
    }
    // The cases the list above must cover: an engagement at the lesser role, a policy, a suspension, an administrator.
    const viewerInClient = (await combined(consultancy.users.viewer.id)).access.find((a) => a.orgId === client.id)!;
    expect(viewerInClient).to.include({ via: 'engagement', role: 'viewer', suspended: true });
    expect((await combined(client.users.viewer.id)).twoFactor).to.deep.equal({ enabled: false, required: true });
    expect((await combined(consultancy.users.analyst.id)).user.isPlatformAdmin).to.equal(true);
    expect((await combined(client.users.auditor.id)).access[0].expiresAt).to.be.instanceOf(Date);
  });

  it('a signed-in page needs none of the separate reads, and a membership removed ends access on the next request', async () => {
    const org = await createOrg(t.db);
    const b = new Browser(t.app);
    expect((await b.login(org.users.analyst.email, PASSWORD)).status).to.equal(302);
    const calls: string[] = [];
    const spy = <T extends object>(name: string, o: T, key: keyof T) => {
      const original = o[key] as (...a: unknown[]) => unknown;
      o[key] = ((...a: unknown[]) => (calls.push(name), original(...a))) as T[keyof T];
      return () => void (o[key] = original as T[keyof T]);
    };
    const restore = [
      spy('findUser', t.services.auth, 'findUser'), spy('listAccess', t.services.auth, 'listAccess'),
      spy('gateState', t.services.twoFactor, 'gateState'), spy('isSuspended', t.services.platform, 'isSuspended'),
    ];
    try {
      expect((await b.get('/suppliers')).status).to.equal(200);
      expect(calls).to.deep.equal([]);
      await t.db.admin((q) => q.query(`DELETE FROM memberships WHERE user_id = $1`, [org.users.analyst.id]));
      const after = await b.get('/suppliers');
      expect(after.status).to.equal(302);
      expect(after.headers.location).to.equal('/orgs');
    } finally {
      restore.forEach((r) => r());
    }
  });

  it('the two-factor rule both reads share answers only to the owner: a request cannot ask about another user', async () => {
    const asRequest = await t.db
      .tx({ orgId: client.id, userId: client.users.viewer.id }, (q) => q.query(`SELECT app_two_factor_policy($1)`, [consultancy.users.analyst.id]))
      .then(() => 'allowed', (e: Error) => e.message);
    expect(asRequest).to.match(/permission denied/);
    const r = await t.db.tx({ orgId: client.id, userId: client.users.viewer.id }, (q) =>
      q.query<{ self: boolean; other: boolean }>(`SELECT app_two_factor_required($1) AS self, app_two_factor_required($2) AS other`, [
        client.users.viewer.id, consultancy.users.analyst.id,
      ]));
    expect(r.rows[0]).to.deep.equal({ self: true, other: false });
  });
});
