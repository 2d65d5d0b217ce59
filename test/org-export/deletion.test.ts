import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { loadConfig } from '../../server/config.ts';
import { createEvidenceStorage } from '../../server/assessments/evidence.storage.ts';
import { insertMembership } from '../../server/organizations/organization.queries.ts';
import { addSupplierWithSites, withTerritories } from '../remediation/fixtures.ts';

const STORAGE_DIR = loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv).STORAGE_DIR;

describe('org-export: deleting an organisation after a 30-day grace period', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let owner: Browser;

  before(async () => {
    t = await buildTestApp();
    await withTerritories(t.db);
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, org, consultancy, 'analyst');
    await addSupplierWithSites(t.db, org, { sites: [{ name: 'Finca por borrar', territory: '07089' }] });
    await addSupplierWithSites(t.db, other, { sites: [{ name: 'Finca que se queda', territory: '07089' }] });
    await t.services.members.invite(org.actor('owner'), { email: 'pendiente@example.test', role: 'viewer' }, 'es-MX');
    await t.services.apiKeys.create(org.actor('owner'), { name: 'ERP', role: 'viewer' });
    await createEvidenceStorage(STORAGE_DIR).save(org.id, Buffer.from('evidencia'));
    // The viewer also works for another organisation: that account must survive.
    await t.db.admin((q) => insertMembership(q, { orgId: other.id, userId: org.users.viewer.id, role: 'viewer' }));
    owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    await owner.get('/settings/organization/data');
  });

  const orgRow = () =>
    t.db.admin((q) => q.query<{ delete_after: Date | null }>(`SELECT delete_after FROM organizations WHERE id = $1`, [org.id])).then((r) => r.rows[0]);
  const purgeJobs = () =>
    t.db.admin((q) => q.query<{ id: string; run_after: Date; status: string }>(`SELECT id, run_after, status FROM jobs WHERE organization_id = $1 AND kind = 'org.purge' ORDER BY created_at`, [org.id])).then((r) => r.rows);

  it('only an owner who types the name can ask', async () => {
    const admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    await admin.get('/');
    expect((await admin.post('/settings/organization/data/delete', { confirmName: org.name })).status).to.equal(403);
    const wrong = await owner.post('/settings/organization/data/delete', { confirmName: 'otra cosa' });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.contain(`Escriba el nombre de la organización tal como aparece: ${org.name}`);
    expect((await orgRow()).delete_after).to.equal(null);
  });

  it('schedules the purge 30 days ahead; nothing is deleted meanwhile, and an owner can cancel', async () => {
    const res = await owner.post('/settings/organization/data/delete', { confirmName: org.name.toUpperCase() });
    expect(res.status).to.equal(302);
    const { delete_after } = await orgRow();
    const days = (delete_after!.getTime() - Date.now()) / 86400_000;
    expect(days).to.be.within(29.9, 30.1);
    const [job] = await purgeJobs();
    expect(job.run_after.getTime()).to.equal(delete_after!.getTime());
    await t.services.jobs.drain();
    expect((await purgeJobs())[0].status).to.equal('queued');
    const page = await owner.get('/settings/organization/data');
    expect(page.text).to.contain('id="deletion-scheduled"');
    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    expect((await analyst.get('/')).text).to.contain('id="deletion-banner"');
    expect((await owner.post('/settings/organization/data/delete', { confirmName: org.name })).status).to.equal(409);

    expect((await owner.post('/settings/organization/data/delete/cancel')).status).to.equal(302);
    expect((await orgRow()).delete_after).to.equal(null);
    expect((await analyst.get('/')).text).to.not.contain('id="deletion-banner"');
    // The old job comes due later and finds nothing to do.
    await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() WHERE id = $1`, [job.id]));
    await t.services.jobs.drain();
    expect(await orgRow()).to.not.equal(undefined);
    const suppliers = await t.db.admin((q) => q.query(`SELECT 1 FROM suppliers WHERE organization_id = $1`, [org.id]));
    expect(suppliers.rowCount).to.equal(1);
    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = app_org() AND action LIKE 'organization.deletion%' ORDER BY id`),
    );
    expect(audit.rows.map((r) => r.action)).to.deep.equal(['organization.deletion_requested', 'organization.deletion_cancelled']);
  });

  it('after the grace period the job purges every row, file and sole-member account; others stay', async () => {
    expect((await owner.post('/settings/organization/data/delete', { confirmName: org.name })).status).to.equal(302);
    // Let 30 days pass.
    await t.db.admin(async (q) => {
      await q.query(`UPDATE organizations SET delete_after = now() - interval '1 second' WHERE id = $1`, [org.id]);
      await q.query(`UPDATE jobs SET run_after = now() WHERE organization_id = $1 AND kind = 'org.purge' AND status = 'queued'`, [org.id]);
    });
    await t.services.jobs.drain();

    expect(await orgRow()).to.equal(undefined);
    const left = await t.db.admin((q) =>
      q.query<{ table_name: string }>(
        `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables tb USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND tb.table_type = 'BASE TABLE'`,
      ),
    );
    for (const { table_name } of left.rows) {
      const n = await t.db.admin((q) => q.query(`SELECT 1 FROM "${table_name}" WHERE organization_id = $1`, [org.id]));
      expect(n.rowCount, table_name).to.equal(0);
    }
    expect(existsSync(path.join(STORAGE_DIR, 'evidence', org.id))).to.equal(false);
    const users = await t.db.admin((q) => q.query<{ id: string }>(`SELECT id FROM users WHERE id = ANY($1)`, [Object.values(org.users).map((u) => u.id)]));
    expect(users.rows.map((r) => r.id)).to.deep.equal([org.users.viewer.id]);
    expect((await owner.get('/')).status).to.equal(302);
    const otherSites = await t.db.admin((q) => q.query(`SELECT 1 FROM sites WHERE organization_id = $1`, [other.id]));
    expect(otherSites.rowCount).to.equal(1);
    const platformLog = await t.db.admin((q) =>
      q.query<{ details: { name: string } }>(`SELECT details FROM audit_log WHERE organization_id IS NULL AND action = 'platform.organization_purged' AND target_id = $1`, [org.id]),
    );
    expect(platformLog.rows[0].details.name).to.equal(org.name);
  });
});
