import { expect } from 'chai';
import { Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';

/** consultant = analyst through an engagement; outsider = owner of another company; anonymous = nobody signed in. */
export type Who = 'owner' | 'admin' | 'analyst' | 'viewer' | 'auditor' | 'consultant' | 'outsider' | 'anonymous';
export const WHO: Who[] = ['owner', 'admin', 'analyst', 'viewer', 'auditor', 'consultant', 'outsider', 'anonymous'];

export interface RoleOrgs {
  company: TestOrg;
  outsiderOrg: TestOrg;
  /** Engaged by company with the analyst role. */
  consultancy: TestOrg;
}

export async function roleOrgs(t: TestApp): Promise<RoleOrgs> {
  const company = await createOrg(t.db);
  const outsiderOrg = await createOrg(t.db);
  const consultancy = await createOrg(t.db, 'consultancy');
  await engage(t.services, company, consultancy, 'analyst');
  return { company, outsiderOrg, consultancy };
}

/** A browser for every kind of user, signed in; the consultant has switched into the company. */
export async function signInEveryone(t: TestApp, { company, outsiderOrg, consultancy }: RoleOrgs): Promise<Record<Who, Browser>> {
  const browsers = {} as Record<Who, Browser>;
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
  return browsers;
}
