import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';

type Who = 'owner' | 'admin' | 'analyst' | 'viewer' | 'auditor' | 'consultant' | 'outsider' | 'anonymous';
const WHO: Who[] = ['owner', 'admin', 'analyst', 'viewer', 'auditor', 'consultant', 'outsider', 'anonymous'];

/**
 * Every page that exists, for every kind of user, with the exact status expected.
 * consultant = analyst through an engagement; outsider = owner of another company.
 * 302 for anonymous = sent to the login page.
 */
const MATRIX: Record<string, Record<Who, number>> = {
  'GET /': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /settings/members': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/engagements': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/audit': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/api-keys': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /portfolio': { owner: 403, admin: 403, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 403, anonymous: 302 },
  'POST /settings/members/invite': { owner: 302, admin: 302, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 302, anonymous: 302 },
};

describe('tenancy: role matrix over the routes', () => {
  let t: TestApp;
  let company: TestOrg;
  let outsiderOrg: TestOrg;
  const browsers = {} as Record<Who, Browser>;

  before(async () => {
    t = await buildTestApp();
    company = await createOrg(t.db);
    outsiderOrg = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, company, consultancy, 'analyst');
    for (const who of WHO) {
      const b = new Browser(t.app);
      browsers[who] = b;
      if (who === 'anonymous') continue;
      const email = who === 'consultant' ? consultancy.users.analyst.email : who === 'outsider' ? outsiderOrg.users.owner.email : company.users[who].email;
      expect((await b.login(email, PASSWORD)).status, `login ${who}`).to.equal(302);
      if (who === 'consultant') {
        await b.get('/orgs');
        expect((await b.post('/orgs/switch', { orgId: company.id })).status).to.equal(302);
      }
    }
  });

  for (const [route, expected] of Object.entries(MATRIX)) {
    it(route, async () => {
      const [method, path] = route.split(' ');
      const actual = {} as Record<Who, number>;
      for (const who of WHO) {
        const b = browsers[who];
        await b.get('/login');
        const res = method === 'GET' ? await b.get(path) : await b.post(path, { email: `${who}.${Date.now()}@example.test`, role: 'viewer' });
        actual[who] = res.status;
      }
      expect(actual).to.deep.equal(expected);
    });
  }

  it('the consultant acts inside the client with the engagement role, and the page says so', async () => {
    const home = await browsers.consultant.get('/');
    expect(home.text).to.contain(company.name);
    expect(home.text).to.contain('Analista');
    expect(home.text).to.match(/vía\s+Org consultancy-/);
  });

  it('an outsider cannot switch into the company', async () => {
    const res = await browsers.outsider.post('/orgs/switch', { orgId: company.id });
    expect(res.status).to.equal(404);
  });
});
