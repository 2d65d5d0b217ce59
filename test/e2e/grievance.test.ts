import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { supplierSearchText } from '../../server/suppliers/search-text.ts';

describe('e2e: an anonymous grievance, answered, read back and turned into a finding', () => {
  const { app, newContext } = useBrowserApp();

  const submitAndWait = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

  it('walks report → handler reply → reporter reads it with receipt and secret → finding opened', async () => {
    const org = await createOrg(app.db);
    const { supplierId } = await addSupplierWithSites(app.db, org, { name: 'Café del Soconusco S.A.', sites: [{ name: 'Finca Tapachula', territory: '07089' }] });
    // The finding form's supplier is a type-ahead resolved by its search text, which the app (not this fixture) writes.
    await app.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query(`UPDATE suppliers SET search_text = $2 WHERE id = $1`, [supplierId, supplierSearchText({ legalName: 'Café del Soconusco S.A.', taxId: null })]));

    // The reporter: a small phone, no JavaScript, no account.
    const phone = await newContext();
    const reporter = await phone.newPage();
    await reporter.setJavaScriptEnabled(false);
    await reporter.setViewport({ width: 320, height: 640 });
    await reporter.goto(`${app.url}/g/${org.slug}`);
    expect(await text(reporter, 'h1')).to.contain('Canal de quejas');
    await reporter.select('#g-category', 'child_labour');
    const siteValue = await reporter.$eval('#g-site option:nth-child(2)', (el) => (el as HTMLOptionElement).value);
    await reporter.select('#g-site', siteValue);
    await reporter.type('#g-description', 'Dos niñas de unos 11 años cortan café en la parcela 4 por las mañanas.');
    await submitAndWait(reporter, '#grievance-form button[type=submit]');
    const receipt = (await text(reporter, '#receipt-number')).trim();
    const secret = (await text(reporter, '#receipt-secret')).trim();
    expect(receipt).to.match(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(secret.length).to.be.greaterThan(20);

    // The handler answers; the first answer acknowledges receipt.
    const desk = await newContext();
    const handler = await desk.newPage();
    const errors = watchPageErrors(handler);
    await signIn(handler, app.url, org.users.admin.email, PASSWORD);
    await handler.goto(`${app.url}/grievances`);
    await Promise.all([handler.waitForNavigation(), handler.click(`#grievance-list a`)]);
    expect(await text(handler, '#report-description')).to.contain('parcela 4');
    await handler.type('#reply-body', 'Recibimos su queja. Vamos a visitar la finca esta semana.');
    await submitAndWait(handler, '#reply-form button[type=submit]');
    expect(await text(handler, '#report-status')).to.contain('Confirmada');

    // The reporter comes back with receipt and secret and reads the reply.
    await reporter.goto(`${app.url}/g/${org.slug}/follow`);
    await reporter.type('#f-receipt', receipt.toLowerCase());
    await reporter.type('#f-secret', secret);
    await submitAndWait(reporter, '#follow-form button[type=submit]');
    expect(await text(reporter, '#messages')).to.contain('Vamos a visitar la finca esta semana.');
    await reporter.type('#r-body', 'Gracias. Suelen llegar a las 7.');
    await submitAndWait(reporter, '#reply-form button[type=submit]');
    expect(await text(reporter, '#notice')).to.contain('Su mensaje se envió');

    // The handler opens a finding from it.
    await handler.reload();
    expect(await text(handler, '#messages')).to.contain('Suelen llegar a las 7.');
    // The supplier field starts with the reported site's supplier; typing narrows the suggestions.
    expect(await handler.$eval('#gf-supplier', (el) => (el as HTMLInputElement).value)).to.equal('Café del Soconusco S.A.');
    await handler.$eval('#gf-supplier', (el) => { (el as HTMLInputElement).value = ''; });
    await handler.type('#gf-supplier', 'soconusco');
    await handler.waitForFunction(() => document.querySelectorAll('#gf-supplier-options option').length === 1, { timeout: 10_000 });
    expect(await handler.$eval('#gf-supplier-options option', (el) => (el as HTMLOptionElement).value)).to.equal('Café del Soconusco S.A.');
    await handler.$eval('#gf-supplier', (el) => { (el as HTMLInputElement).value = 'Café del Soconusco S.A.'; });
    await handler.type('#gf-title', 'Niñas cortando café (queja)');
    await handler.select('#gf-severity', 'critical');
    await submitAndWait(handler, '#finding-form button[type=submit]');
    await Promise.all([handler.waitForNavigation(), handler.click('#finding-link')]);
    expect(handler.url()).to.match(/\/findings\/[0-9a-f-]{36}$/);
    expect(await handler.content()).to.contain('Niñas cortando café (queja)').and.contain(receipt);
    expect(errors).to.deep.equal([]);
    await phone.close();
    await desk.close();
  });
});
