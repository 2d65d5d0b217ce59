import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { POLICY_PDF, postDueDiligence, signedIn } from './support.ts';

async function orgRow(t: TestApp, org: TestOrg) {
  const r = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
    q.query<{ responsible_name: string | null; policy_sha256: string | null; policy_file_path: string | null; policy_title: string | null }>(
      `SELECT responsible_name, policy_sha256, policy_file_path, policy_title FROM organizations WHERE id = $1`, [org.id]),
  );
  return r.rows[0];
}

describe('org-profile: responsible person and policy statement (LkSG/CSDDD)', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db, 'company');
    other = await createOrg(t.db, 'company');
  });

  it('an owner saves the responsible person and a PDF policy statement; the page shows its SHA-256 and the file is stored', async () => {
    const b = await signedIn(t, org, 'owner');
    await b.get('/settings/organization');
    const res = await postDueDiligence(b, {
      responsibleName: 'Lucía Hernández', responsiblePosition: 'Directora de Cumplimiento',
      policyTitle: 'Política de derechos humanos', policyDate: '2026-03-15', policyApprovedBy: 'Consejo de Administración',
    }, { bytes: POLICY_PDF, name: 'politica.pdf' });
    expect(res.status, res.text?.slice(0, 500)).to.equal(302);
    const sha = createHash('sha256').update(POLICY_PDF).digest('hex');
    const page = await b.get('/settings/organization');
    expect(page.text).to.contain('Lucía Hernández').and.contain('Directora de Cumplimiento').and.contain(sha).and.contain('2026-03-15');
    const row = await orgRow(t, org);
    expect(row.policy_sha256).to.equal(sha);
    const stored = await readFile(path.join(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: 'http://vigia.test' } as NodeJS.ProcessEnv).STORAGE_DIR, 'evidence', org.id, row.policy_file_path!));
    expect(stored.equals(POLICY_PDF)).to.equal(true);

    // Saving again without a file keeps the one already stored.
    await b.get('/settings/organization');
    expect((await postDueDiligence(b, { responsibleName: 'Lucía Hernández', policyTitle: 'Política v2' })).status).to.equal(302);
    expect(await orgRow(t, org)).to.include({ policy_sha256: sha, policy_title: 'Política v2' });
  });

  it('names the field at fault (date, long name, a non-PDF file) and saves nothing', async () => {
    const b = await signedIn(t, org, 'admin');
    await b.get('/settings/organization');
    const before = await orgRow(t, org);
    const badDate = await postDueDiligence(b, { responsibleName: 'Otra Persona', policyDate: '15/03/2026' });
    expect(badDate.status).to.equal(422);
    expect(badDate.text).to.contain('La fecha de la declaración debe ser una fecha');
    const longName = await postDueDiligence(b, { responsibleName: 'x'.repeat(201) });
    expect(longName.status).to.equal(422);
    expect(longName.text).to.contain('El nombre de la persona responsable puede tener hasta 200 caracteres');
    const notPdf = await postDueDiligence(b, { responsibleName: 'Otra Persona' }, { bytes: Buffer.from('\x89PNG\r\n\x1a\n' + '\0'.repeat(40), 'binary'), name: 'politica.pdf' });
    expect(notPdf.status).to.equal(422);
    expect(notPdf.text).to.match(/politica\.pdf/);
    expect(await orgRow(t, org)).to.deep.equal(before);
  });

  it('only owners and admins may change it; another organisation neither sees nor changes it', async () => {
    for (const role of ['analyst', 'viewer'] as const) {
      if (!(role in org.users)) continue;
      const b = await signedIn(t, org, role);
      expect((await b.get('/settings/organization')).status, role).to.equal(403);
      const res = await postDueDiligence(b, { responsibleName: 'Intruso' });
      expect(res.status, role).to.be.oneOf([403, 404]);
    }
    const o = await signedIn(t, other, 'owner');
    const page = await o.get('/settings/organization');
    expect(page.status).to.equal(200);
    expect(page.text).to.not.contain('Lucía Hernández');
    expect((await postDueDiligence(o, { responsibleName: 'Otra Empresa' })).status).to.equal(302);
    expect((await orgRow(t, org)).responsible_name).to.equal('Lucía Hernández');
    expect((await orgRow(t, other)).responsible_name).to.equal('Otra Empresa');
  });
});
