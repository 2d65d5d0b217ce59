import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, unique } from '../support/app.ts';
import { addSupplier } from './fixtures.ts';
import { analystWithTemplate, postMultipart, sendQuestionnaire, type AnalystSetup } from './helpers.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { createLogger } from '../../server/logger.ts';

describe('e-mails to suppliers: in the organisation\'s name, with a contact, and a receipt', () => {
  let s: AnalystSetup;
  before(async () => {
    s = await analystWithTemplate();
  });

  it('sends the invitation in the organisation\'s name, Reply-To the sender, with a contact block, locale dates and HTML', async () => {
    const { t, org, analyst, templateId } = s;
    const supplier = await addSupplier(t.db, org, 'Finca La Esperanza');
    const email = `${unique('contacto')}@proveedor.test`;
    await sendQuestionnaire(t, analyst, { ...supplier, templateId, email });
    const mail = t.mailer.lastTo(email)!;
    expect(mail.fromName).to.equal(org.name);
    expect(mail.replyTo).to.equal(org.users.analyst.email);
    expect(mail.text).to.contain('— Contacto —');
    expect(mail.text).to.contain(`Le escribe analyst ${org.slug} (${org.users.analyst.email}), de ${org.name}.`);
    expect(mail.text).to.contain('responda a este correo');
    expect(mail.text).to.not.contain('no-reply');
    // Dates in words, Spanish (e.g. "18 de diciembre de 2026"), never ISO.
    expect(mail.text).to.match(/a más tardar el \d{1,2} de [a-z]+ de \d{4}/);
    expect(mail.text).to.not.match(/\d{4}-\d{2}-\d{2}/);
    expect(mail.html).to.match(/^<!doctype html><html lang="es-MX">/);
    expect(mail.html).to.contain(`<a href="http://vigia.test/portal/`);
    expect(mail.html).to.contain(org.users.analyst.email);
  });

  it('writes From with the organisation as display name and the Reply-To header into the message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-outbox-'));
    const mailer = createMailer({ outboxDir: dir, from: 'Vigía <no-reply@vigia.local>', logger: createLogger('silent') });
    await mailer.send({ to: 'a@b.test', subject: 'x', text: 'hola', html: '<p>hola</p>', fromName: 'Hortalizas del Norte', replyTo: 'ana@hortalizas.test' });
    const eml = readFileSync(path.join(dir, readdirSync(dir)[0]), 'utf8');
    expect(eml).to.match(/^From: Hortalizas del Norte <no-reply@vigia\.local>$/m);
    expect(eml).to.match(/^Reply-To: ana@hortalizas\.test$/m);
    expect(eml).to.contain('Content-Type: multipart/alternative');
    expect(eml).to.contain('Content-Type: text/plain');
  });

  it('sends the supplier a receipt after it submits, in the assessment\'s language', async () => {
    const { t, org, analyst, templateId } = s;
    const supplier = await addSupplier(t.db, org, 'Empacadora Norte');
    const email = `${unique('contacto')}@proveedor.test`;
    const { link } = await sendQuestionnaire(t, analyst, { ...supplier, templateId, email, language: 'en' });
    const before = t.mailer.sent.length;
    const portal = new Browser(t.app);
    await portal.get(link);
    const full = { has_policy: 'yes', policy_channels: ['a', 'c'], workers_count: '10', youngest_age: '16', checks_age: 'no', action: 'submit' };
    const res = await postMultipart(portal, link, full);
    expect(res.status, res.text).to.equal(303);
    const receipts = t.mailer.sent.slice(before).filter((m) => m.to === email);
    expect(receipts).to.have.length(1);
    const receipt = receipts[0];
    expect(receipt.subject).to.equal('We received your questionnaire: Test questionnaire');
    expect(receipt.text).to.contain(`${org.name} received the questionnaire “Test questionnaire” from Empacadora Norte, submitted on`);
    expect(receipt.text).to.match(/submitted on [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    expect(receipt.fromName).to.equal(org.name);
    expect(receipt.replyTo).to.equal(org.users.analyst.email);
  });
});

describe('portal: the short path of questionnaire v2 has no numbering gaps and no empty sections', () => {
  it('numbers only the questions a smallholder sees and hides sections with none', async () => {
    const { t, org, analyst } = await analystWithTemplate();
    const supplier = await addSupplier(t.db, org, 'Parcela familiar');
    const form = await analyst.get(`/assessments/new?supplierId=${supplier.supplierId}`);
    const v2 = new RegExp(`<option value="([0-9a-f-]{36})" (?:selected)?>[^<]*\\(v2\\)</option>`).exec(form.text)![1];
    const email = `${unique('parcela')}@proveedor.test`;
    const { link } = await sendQuestionnaire(t, analyst, { ...supplier, templateId: v2, email });
    const portal = new Browser(t.app);
    await portal.get(link);
    // The short path: a family farm without hired workers.
    const saved = await postMultipart(portal, link, { site_type: 'family_farm_only', action: 'save' });
    expect(saved.status, saved.text).to.equal(303);
    const page = (await portal.get(link)).text;
    const sections = [...page.matchAll(/<fieldset class="panel portal-section" id="s-([a-z_]+)" data-section ([^>]*)>([\s\S]*?)<\/fieldset>/g)];
    expect(sections.length).to.be.greaterThan(5);
    const shown = sections.filter((m) => !/hidden/.test(m[2]));
    const hidden = sections.filter((m) => /hidden/.test(m[2]));
    expect(hidden.map((m) => m[1])).to.include.members(['young_workers', 'recruitment', 'migrant_workers', 'housing']);
    const numbers: string[] = [];
    for (const [, , , body] of shown) {
      // Every shown section has at least one visible question.
      const visibleQs = [...body.matchAll(/<div class="question[^"]*" id="q-[a-z_0-9]+"[^>]*?(hidden)?>\s*<p class="question-text"[^>]*><span class="question-number">([^<]*)<\/span>/g)]
        .filter((m) => !m[1]).map((m) => m[2]);
      expect(visibleQs.length, body.slice(0, 200)).to.be.greaterThan(0);
      numbers.push(...visibleQs);
    }
    // 1.1, 1.2, …, 2.1, … with no gaps.
    const expected: string[] = [];
    let s = 0;
    let prev = '';
    for (const n of numbers) {
      const [sec] = n.split('.');
      if (sec !== prev) { s++; prev = sec; expected.push(`${s}.1`); } else expected.push(`${s}.${Number(expected[expected.length - 1].split('.')[1]) + 1}`);
    }
    expect(numbers).to.deep.equal(expected);
    expect(numbers[0]).to.equal('1.1');
  });
});
