import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { apiOperations } from '../../server/api/api.operation.ts';

/** The API documentation page in a real browser: under the app's CSP, nothing blocked, nothing fetched elsewhere. */
describe('e2e: API documentation page', function () {
  this.timeout(60_000);
  const { app, newPage } = useBrowserApp();

  it('lists every operation with its scope and links the OpenAPI document, with no CSP violation or outside request', async () => {
    const page = await newPage();
    const violations: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) violations.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    const res = await page.goto(`${app.url}/api/v1/docs?lang=en`);
    expect(res?.status()).to.equal(200);
    const ids = await page.$$eval('section.api-operation', (s) => s.map((e) => e.id));
    expect(ids).to.have.members(apiOperations().map((op) => op.operationId));
    expect(await page.$eval('#createSupplier h2', (e) => e.textContent)).to.equal('POST /api/v1/suppliers');
    expect(await page.$eval('#createSupplier', (e) => e.textContent)).to.contain('suppliers:write');
    const href = await page.$eval('#openapi-link', (e) => (e as HTMLAnchorElement).href);
    const doc = await page.evaluate(async (u) => (await fetch(u)).json(), href);
    expect(doc.openapi).to.equal('3.1.0');
    expect(violations).to.deep.equal([]);
    expect(outside).to.deep.equal([]);
    await page.close();
  });
});
