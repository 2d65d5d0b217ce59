import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { PASSWORD } from '../support/factories.ts';
import { SUPPLIER_NOTE, sharingWorld, type SharingWorld } from '../sharing/fixtures.ts';

describe('e2e: a supplier shares a reviewed submission with another buyer', () => {
  const { app, newContext } = useBrowserApp();
  let w: SharingWorld;
  before(async () => {
    w = await sharingWorld(app);
  });

  const clickAndWait = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

  it('claims the account, confirms the e-mail, shares with consent; the buyer sees and accepts it', async () => {
    const supplier = await (await newContext()).newPage();
    await supplier.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX' });
    const errors = watchPageErrors(supplier);
    await supplier.goto(`${app.url}/supplier/claim`);
    await supplier.type('#claim-rfc', 'emp010203ab1');
    await supplier.type('#claim-email', w.email);
    await clickAndWait(supplier, '#claim-submit');
    expect(await text(supplier, '#claim-sent h1')).to.equal('Revise su correo');

    await supplier.goto(`${app.url}${app.mailer.linkIn(app.mailer.lastTo(w.email))}`);
    await clickAndWait(supplier, '#verify-submit');
    expect(await text(supplier, 'h1')).to.equal('Sus cuestionarios');
    const requests = await supplier.$$eval('#inbox-requests tr[data-request]', (rows) => rows.map((r) => r.getAttribute('data-request')));
    expect(requests).to.have.members([w.a.id, w.b.id, w.c.id, w.d.id]);

    // Sharing without ticking consent is refused and names the field; with consent it is offered.
    await clickAndWait(supplier, `#share-${w.b.id}`);
    expect(await supplier.content()).to.contain('Marque la casilla de consentimiento para compartir.');
    await supplier.goBack();
    await supplier.click(`#consent-${w.b.id}`);
    await clickAndWait(supplier, `#share-${w.b.id}`);
    expect(await text(supplier, '#inbox-shares .share-status')).to.equal('Compartido, en espera');
    expect(errors).to.deep.equal([]);

    const buyer = await (await newContext()).newPage();
    await buyer.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX' });
    await signIn(buyer, app.url, w.b.org.users.analyst.email, PASSWORD);
    await buyer.goto(`${app.url}/assessments/${w.b.id}`);
    expect(await text(buyer, '#shared-offers')).to.contain('El proveedor compartió respuestas');
    await clickAndWait(buyer, '#view-share');
    expect(await buyer.content()).to.contain(SUPPLIER_NOTE);
    await clickAndWait(buyer, '#accept-share');
    expect(await text(buyer, '#assessment-status')).to.equal('Entregada');

    await supplier.reload();
    expect(await text(supplier, '#inbox-shares .share-status')).to.equal('Aceptado');
  });
});
