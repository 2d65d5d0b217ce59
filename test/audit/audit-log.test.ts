import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

describe('audit log: hash chain', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('chains each entry to the previous one of the same organisation and shows it intact', async () => {
    const o = await createOrg(t.db);
    await t.services.apiKeys.create(o.actor(), { name: 'one', role: 'viewer' });
    await t.services.apiKeys.create(o.actor(), { name: 'two', role: 'viewer' });
    const rows = (await t.db.tx({ orgId: o.id, userId: null }, (q) =>
      q.query<{ prev_hash: string; hash: string }>(`SELECT prev_hash, hash FROM audit_log ORDER BY id`))).rows;
    expect(rows).to.have.length(2);
    expect(rows[0].prev_hash).to.equal('0'.repeat(64));
    expect(rows[1].prev_hash).to.equal(rows[0].hash);
    const b = new Browser(t.app);
    await b.login(o.users.owner.email, PASSWORD);
    const page = await b.get('/settings/audit');
    expect(page.text).to.contain('Cadena íntegra: se verificaron 2 registros');
    expect(page.text).to.contain('api_key.created');
  });

  it('reports the first tampered entry', async () => {
    const o = await createOrg(t.db);
    for (const name of ['a', 'b', 'c']) await t.services.apiKeys.create(o.actor(), { name, role: 'viewer' });
    const ids = (await t.db.admin((q) => q.query<{ id: number }>(`SELECT id::int AS id FROM audit_log WHERE organization_id = $1 ORDER BY id`, [o.id]))).rows;
    // Only the database owner can do this; the application role cannot (see rls.test.ts).
    await t.db.admin((q) => q.query(`UPDATE audit_log SET details = '{"name":"forged"}' WHERE id = $1`, [ids[1].id]));
    const b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    const page = await b.get('/settings/audit');
    expect(page.text).to.contain(`rota a partir del registro ${ids[1].id}`);
  });
});
