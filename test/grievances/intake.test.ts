import { expect } from 'chai';
import supertest from 'supertest';
import { buildTestApp } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { useOrgPerTest } from '../support/org-per-test.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { ACCOUNT, follow, postReport, submitReport } from './helpers.ts';
import { CAMERA_MARK, GPS_MARK, jpegWithExif, pngWithText } from './images.ts';

describe('grievances: the public channel', () => {
  const w = useOrgPerTest();

  it('shows the form without an account, in Spanish first, with the sites by municipality, and sets no cookie', async () => {
    await addSupplierWithSites(w.t.db, w.org, { sites: [{ name: 'Finca Tapachula', territory: '07089' }] });
    const res = await supertest(w.t.app).get(`/g/${w.org.slug}`).set('Accept-Language', 'en');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`Canal de quejas de ${w.org.name}`).and.contain('No necesita dar su nombre');
    expect(res.text).to.contain('Tapachula').and.contain('Finca Tapachula');
    expect(res.text).to.not.contain('<script');
    expect(res.headers['set-cookie']).to.equal(undefined);
    const en = await supertest(w.t.app).get(`/g/${w.org.slug}?lang=en`);
    expect(en.text).to.contain(`Grievance channel of ${w.org.name}`);
    expect((await supertest(w.t.app).get('/g/no-such-org')).status).to.equal(404);
  });

  it('gives a receipt and a secret once, stores only the secret\'s hash, and computes the deadlines', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org, { contact: '' });
    const row = (await w.t.db.admin((q) => q.query<Record<string, unknown>>(`SELECT * FROM grievance_reports WHERE id = $1`, [r.id]))).rows[0];
    expect(JSON.stringify(row)).to.not.contain(r.secret).and.not.contain(r.secret.replaceAll('-', ''));
    expect(row.secret_hash).to.match(/^[0-9a-f]{64}$/);
    expect(row.description).to.equal(ACCOUNT);
    expect(row.contact).to.equal(null);
    const days = await w.t.db.admin((q) => q.query<{ ack: number; feedback: string; expected: string }>(
      `SELECT acknowledge_due_on - received_on AS ack, to_char(feedback_due_on, 'YYYY-MM-DD') AS feedback,
              to_char(received_on + 7 + interval '3 months', 'YYYY-MM-DD') AS expected FROM grievance_reports WHERE id = $1`, [r.id]));
    expect(days.rows[0].ack).to.equal(7);
    expect(days.rows[0].feedback).to.equal(days.rows[0].expected);
  });

  it('opens the report with receipt and secret, and refuses a wrong secret or another organisation the same way', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    const ok = await follow(w.t.app, w.org.slug, r.receipt.toLowerCase(), r.secret);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.contain(ACCOUNT).and.contain('Recibida, falta confirmar');
    expect(ok.headers['cache-control']).to.equal('no-store');

    const wrong = await follow(w.t.app, w.org.slug, r.receipt, 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
    expect(wrong.status).to.equal(404);
    expect(wrong.text).to.contain('El folio o la clave no coinciden').and.not.contain(ACCOUNT);
    const other = await createOrg(w.t.db);
    const elsewhere = await follow(w.t.app, other.slug, r.receipt, r.secret);
    expect(elsewhere.status).to.equal(404);
    expect(elsewhere.text).to.contain('El folio o la clave no coinciden').and.not.contain(ACCOUNT);
  });

  it('lets the reporter answer anonymously with receipt and secret only', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    const res = await supertest(w.t.app).post(`/g/${w.org.slug}/follow/reply`).type('form').send({ receipt: r.receipt, secret: r.secret, body: 'Hoy volvieron a estar ahí.' });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Su mensaje se envió').and.contain('Hoy volvieron a estar ahí.');
    const msgs = await w.t.db.admin((q) => q.query(`SELECT author, author_user_id FROM grievance_messages WHERE report_id = $1`, [r.id]));
    expect(msgs.rows).to.deep.equal([{ author: 'reporter', author_user_id: null }]);
    const refused = await supertest(w.t.app).post(`/g/${w.org.slug}/follow/reply`).type('form').send({ receipt: r.receipt, secret: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', body: 'x' });
    expect(refused.status).to.equal(404);
    expect((await w.t.db.admin((q) => q.query(`SELECT 1 FROM grievance_messages WHERE report_id = $1`, [r.id]))).rowCount).to.equal(1);
  });

  it('names the fields of a bad report and keeps what was typed', async () => {
    const res = await postReport(w.t.app, w.org.slug, { category: 'nonsense', description: 'corto', place: 'Rancho El Sauz' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Elija de qué se trata la queja').and.contain('Cuente qué pasó');
    expect(res.text).to.contain('value="Rancho El Sauz"').and.contain('>corto</textarea>');
    expect((await w.t.db.admin((q) => q.query(`SELECT 1 FROM grievance_reports WHERE organization_id = $1`, [w.org.id]))).rowCount).to.equal(0);
  });

  it('removes the metadata of photos before storing them (read back from the stored bytes) and refuses other files', async () => {
    const jpeg = jpegWithExif();
    const png = pngWithText();
    const r = await submitReport(w.t.app, w.t.db, w.org, {}, [{ name: 'IMG_20261204_Juana.jpg', content: jpeg.file }, { name: 'captura.png', content: png.file }]);
    const stored = (await w.t.db.admin((q) => q.query<{ mime: string; content: Buffer }>(
      `SELECT mime, content FROM grievance_attachments WHERE report_id = $1 ORDER BY mime`, [r.id]))).rows;
    expect(stored.map((s) => s.mime)).to.deep.equal(['image/jpeg', 'image/png']);
    for (const s of stored) {
      const bytes = Buffer.from(s.content);
      const text = bytes.toString('latin1');
      expect(text).to.not.contain(GPS_MARK).and.not.contain(CAMERA_MARK).and.not.contain('Exif');
    }
    expect(Buffer.from(stored[0].content).includes(jpeg.scan)).to.equal(true);
    expect(Buffer.from(stored[1].content).includes(png.idat)).to.equal(true);
    // The file name the phone gave is not stored anywhere.
    const dump = await w.t.db.admin((q) => q.query(`SELECT r.*, a.mime FROM grievance_reports r JOIN grievance_attachments a ON a.report_id = r.id WHERE r.id = $1`, [r.id]));
    expect(JSON.stringify(dump.rows)).to.not.contain('Juana');

    const pdf = await postReport(w.t.app, w.org.slug, { category: 'other', description: ACCOUNT }, [{ name: 'recibo.pdf', content: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF') }]);
    expect(pdf.status).to.equal(422);
    expect(pdf.text).to.contain('El archivo 1 no es una foto JPG o PNG');
    const exe = await postReport(w.t.app, w.org.slug, { category: 'other', description: ACCOUNT }, [{ name: 'foto.jpg', content: Buffer.from('MZ\x90\x00 not a photo') }]);
    expect(exe.status).to.equal(422);
  });

  it('drops a form whose hidden trap field was filled, storing nothing', async () => {
    const res = await postReport(w.t.app, w.org.slug, { category: 'other', description: ACCOUNT, website: 'http://spam.example' });
    expect(res.status).to.equal(400);
    expect((await w.t.db.admin((q) => q.query(`SELECT 1 FROM grievance_reports WHERE organization_id = $1`, [w.org.id]))).rowCount).to.equal(0);
  });

  it('stores no IP address or user agent anywhere, in reports, messages or the audit log', async () => {
    const ip = '203.0.113.77';
    const ua = 'Mozilla/5.0 (Linux; Android 9; TelefonoBarato-UA-4711)';
    const local = await buildTestApp({ env: { TRUST_PROXY: 'true' } });
    const o = await createOrg(local.db);
    const r = await submitReport(local.app, local.db, o, {}, [], { 'X-Forwarded-For': ip, 'User-Agent': ua });
    await supertest(local.app).post(`/g/${o.slug}/follow/reply`).set('X-Forwarded-For', ip).set('User-Agent', ua).type('form').send({ receipt: r.receipt, secret: r.secret, body: 'Más detalles.' });
    const audit = await local.db.admin((q) => q.query<{ ip: string | null; actor_label: string }>(`SELECT ip, actor_label FROM audit_log WHERE organization_id = $1 AND action LIKE 'grievance.%'`, [o.id]));
    expect(audit.rows.length).to.equal(2);
    expect(audit.rows.every((a) => a.ip === null && a.actor_label === 'reporter (anonymous channel)')).to.equal(true);
    // Every table, every column, as text: neither the address nor the device appears.
    const tables = (await local.db.admin((q) => q.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`))).rows;
    for (const { table_name } of tables) {
      const hits = await local.db.admin((q) => q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table_name}" x WHERE x::text LIKE '%' || $1 || '%' OR x::text LIKE '%TelefonoBarato%'`, [ip]));
      expect(hits.rows[0].n, table_name).to.equal(0);
    }
  });

  it('limits reports per address and answers 429 past the limit', async () => {
    const limited = await buildTestApp({ grievanceLimit: 2 });
    const o = await createOrg(limited.db);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postReport(limited.app, o.slug, { category: 'other', description: ACCOUNT })).status);
    expect(statuses).to.deep.equal([200, 200, 429]);
    const last = await postReport(limited.app, o.slug, { category: 'other', description: ACCOUNT });
    expect(last.text).to.contain('Espere una hora');
    expect((await limited.db.admin((q) => q.query(`SELECT 1 FROM grievance_reports WHERE organization_id = $1`, [o.id]))).rowCount).to.equal(2);
  });
});
