import { expect } from 'chai';
import { Browser, type TestApp } from '../../support/app.ts';
import { PASSWORD } from '../../support/factories.ts';
import { useOrgPerTest, type AppAndOrg } from '../../support/org-per-test.ts';

export { csvBytes, FULL_HEADER } from '../import/support.ts';

export interface ImportFlow extends AppAndOrg {
  /** The organisation's analyst, signed in afresh for each test. */
  readonly browser: Browser;
}

/** Call once at the top of a describe; read the fields inside hooks and tests only. */
export function useImportFlow(): ImportFlow {
  const w = useOrgPerTest();
  let browser: Browser | undefined;
  beforeEach(async () => {
    browser = new Browser(w.t.app);
    await browser.login(w.org.users.analyst.email, PASSWORD);
  });
  return {
    get t() { return w.t; },
    get org() { return w.org; },
    get browser() {
      if (!browser) throw new Error('useImportFlow: read before its hooks ran');
      return browser;
    },
  };
}

/**
 * Uploads a file through the real form route, with the CSRF token in a header as multipart
 * needs. The token is refreshed from the supplier list, which every role may see, so a
 * refusal is the route's answer and not a stale token.
 */
export async function upload(browser: Browser, bytes: Buffer, name = 'proveedores.csv') {
  await browser.get('/suppliers');
  return browser.agent.post('/suppliers/import').set('x-csrf-token', browser.csrf).attach('file', bytes, name);
}

/** Uploads and follows to the preview; returns the import id and the preview page. */
export async function uploadToPreview(browser: Browser, bytes: Buffer, name?: string) {
  const res = await upload(browser, bytes, name);
  expect(res.status, res.text.slice(0, 2000)).to.equal(302);
  const m = /^\/suppliers\/import\/([0-9a-f-]{36})$/.exec(res.headers.location);
  expect(m, res.headers.location).to.not.equal(null);
  const page = await browser.get(res.headers.location);
  expect(page.status).to.equal(200);
  return { id: m![1], page };
}

/** Commits from the preview and runs the queued jobs; returns the job page. */
export async function commitAndRun(t: TestApp, browser: Browser, id: string) {
  const res = await browser.post(`/suppliers/import/${id}/commit`);
  expect(res.status, res.text.slice(0, 2000)).to.equal(302);
  expect(res.headers.location).to.match(/^\/jobs\/[0-9a-f-]{36}$/);
  await t.services.jobs.drain();
  const job = await browser.get(res.headers.location);
  return { jobUrl: res.headers.location as string, job };
}

/** Plain text of a page, tags dropped and whitespace collapsed, for content assertions. */
export function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

export async function suppliersOf(t: TestApp, orgId: string) {
  const r = await t.db.admin((q) =>
    q.query<{ id: string; legal_name: string; trade_name: string | null; tax_id: string | null; external_id: string | null; tier: number; contact_email: string | null; search_text: string; commodities: string[] }>(
      `SELECT id, legal_name, trade_name, tax_id, external_id, tier, contact_email, search_text, commodities FROM suppliers WHERE organization_id = $1 ORDER BY legal_name`,
      [orgId],
    ),
  );
  return r.rows;
}

export async function sitesOf(t: TestApp, orgId: string) {
  const r = await t.db.admin((q) =>
    q.query<{ supplier: string; name: string; territory_code: string; state_code: string; workforce_total: number | null; activities: string[]; latitude: string | null }>(
      `SELECT s.legal_name AS supplier, x.name, x.territory_code, x.state_code, x.workforce_total, x.activities, x.latitude::text
         FROM sites x JOIN suppliers s ON s.id = x.supplier_id WHERE x.organization_id = $1 ORDER BY s.legal_name, x.name`,
      [orgId],
    ),
  );
  return r.rows;
}

export async function linksOf(t: TestApp, orgId: string) {
  const r = await t.db.admin((q) =>
    q.query<{ child: string; parent: string }>(
      `SELECT c.legal_name AS child, p.legal_name AS parent FROM supplier_links l
         JOIN suppliers c ON c.id = l.child_id JOIN suppliers p ON p.id = l.parent_id
        WHERE l.organization_id = $1 ORDER BY 1, 2`,
      [orgId],
    ),
  );
  return r.rows;
}

export async function auditOf(t: TestApp, orgId: string, action: string) {
  const r = await t.db.admin((q) =>
    q.query<{ target_id: string; details: Record<string, unknown> }>(
      `SELECT target_id, details FROM audit_log WHERE organization_id = $1 AND action = $2 ORDER BY id`,
      [orgId, action],
    ),
  );
  return r.rows;
}
