import { createHash } from 'node:crypto';
import { expect } from 'chai';
import JSZip from 'jszip';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { loadConfig } from '../../server/config.ts';
import { createEvidenceStorage } from '../../server/assessments/evidence.storage.ts';
import { addSupplierWithSites, withTerritories } from '../remediation/fixtures.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function signedIn(t: TestApp, email: string) {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  return b;
}

describe('org-export: an owner exports all of the organisation’s data', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let storedName: string;

  before(async () => {
    t = await buildTestApp();
    await withTerritories(t.db);
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    const { siteIds } = await addSupplierWithSites(t.db, org, { sites: [{ name: 'Finca Exportada', territory: '07089' }] });
    await addSupplierWithSites(t.db, other, { sites: [{ name: 'Finca Ajena', territory: '07089' }] });
    await t.services.remediation.cases.create(org.actor('owner'), {
      siteId: siteIds[0], findingId: null, age: 13, sex: 'female', indigenous: false, migrant: false, situation: 'at_risk', notes: null, identifiedOn: '2026-02-01', sensitiveConsentOn: '2026-02-01',
    });
    await t.services.apiKeys.create(org.actor('owner'), { name: 'ERP', role: 'viewer' });
    // A stored file, written the way evidence uploads are.
    storedName = await createEvidenceStorage(loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv).STORAGE_DIR).save(org.id, Buffer.from('%PDF-1.4 evidencia'));
  });

  it('only owners may export', async () => {
    for (const role of ['admin', 'analyst', 'viewer', 'auditor'] as const) {
      const b = await signedIn(t, org.users[role].email);
      await b.get('/');
      expect((await b.post('/settings/organization/data/export')).status, role).to.equal(403);
      expect((await b.get('/settings/organization/data')).status, role).to.equal(403);
    }
  });

  it('builds a ZIP in a background job: CSV and JSON per entity, stored files, and a manifest whose hashes match', async () => {
    const owner = await signedIn(t, org.users.owner.email);
    await owner.get('/settings/organization/data');
    const queued = await owner.post('/settings/organization/data/export');
    expect(queued.status).to.equal(302);
    const jobId = /\/jobs\/([0-9a-f-]{36})$/.exec(queued.headers.location)![1];
    await t.services.jobs.drain();
    const page = await owner.get('/settings/organization/data');
    expect(page.text).to.contain(`/settings/organization/data/exports/${jobId}`);

    const res = await owner.agent.get(`/settings/organization/data/exports/${jobId}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.contain('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.organization.id).to.equal(org.id);
    expect(manifest.childCases).to.equal('included');
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir && n !== 'manifest.json').sort();
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).to.deep.equal(names);
    for (const f of manifest.files as { path: string; bytes: number; sha256: string }[]) {
      const content = await zip.file(f.path)!.async('nodebuffer');
      expect(sha(content), f.path).to.equal(f.sha256);
      expect(content.length, f.path).to.equal(f.bytes);
    }
    for (const entity of ['organization', 'suppliers', 'sites', 'memberships', 'child_cases', 'audit_log', 'api_keys']) {
      expect(names, entity).to.include.members([`data/${entity}.csv`, `data/${entity}.json`]);
    }
    expect(names).to.include(`files/evidence/${storedName}`);
    expect(await zip.file(`files/evidence/${storedName}`)!.async('string')).to.equal('%PDF-1.4 evidencia');

    const sites = JSON.parse(await zip.file('data/sites.json')!.async('string')) as { name: string; organization_id: string }[];
    expect(sites.map((s) => s.name)).to.deep.equal(['Finca Exportada']);
    const cases = JSON.parse(await zip.file('data/child_cases.json')!.async('string')) as { age: number }[];
    expect(cases.map((c) => c.age)).to.deep.equal([13]);
    const keys = await zip.file('data/api_keys.json')!.async('string');
    expect(keys).to.contain('ERP').and.not.contain('key_hash');
    expect(await zip.file('data/sites.csv')!.async('string')).to.contain('Finca Exportada');
    for (const n of names) expect(await zip.file(n)!.async('string'), n).to.not.contain(other.id);

    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = app_org() AND action LIKE 'organization.export%' ORDER BY id`),
    );
    expect(audit.rows.map((r) => r.action)).to.deep.equal(['organization.export_requested', 'organization.export_downloaded']);
  });

  it('the job refuses a requester who is no longer an owner when it runs', async () => {
    const jobId = await t.services.orgExport.request(org.actor('owner'), null);
    await t.db.admin((q) => q.query(`UPDATE memberships SET role = 'admin' WHERE organization_id = $1 AND user_id = $2`, [org.id, org.users.owner.id]));
    await t.services.jobs.drain();
    await t.db.admin((q) => q.query(`UPDATE memberships SET role = 'owner' WHERE organization_id = $1 AND user_id = $2`, [org.id, org.users.owner.id]));
    const job = await t.services.jobs.get(org.actor('owner'), jobId);
    expect(job.status).to.equal('failed');
    expect(job.error?.key).to.equal('orgData.errors.notOwner');
  });

  it('another organisation’s owner cannot download the export', async () => {
    const jobId = await t.services.orgExport.request(org.actor('owner'), null);
    await t.services.jobs.drain();
    const intruder = await signedIn(t, other.users.owner.email);
    expect((await intruder.get(`/settings/organization/data/exports/${jobId}`)).status).to.equal(404);
  });
});
