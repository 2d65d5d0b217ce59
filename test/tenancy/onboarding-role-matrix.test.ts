import { expect } from 'chai';
import { buildTestApp, type Browser, type TestApp } from '../support/app.ts';
import { roleOrgs, signInEveryone, WHO, type Who } from './people.ts';

/**
 * The pages for coming aboard and leaving, for every kind of user (same people as
 * role-matrix.test.ts: consultant = analyst through an engagement, outsider = owner elsewhere).
 */
const MATRIX: Record<string, Record<Who, number>> = {
  'GET /signup': { owner: 302, admin: 302, analyst: 302, viewer: 302, auditor: 302, consultant: 302, outsider: 302, anonymous: 200 },
  'GET /settings/organization': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/organization/data': { owner: 200, admin: 403, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/engagements/access': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /portfolio/clients/new': { owner: 403, admin: 403, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 403, anonymous: 302 },
  'GET /platform': { owner: 404, admin: 404, analyst: 404, viewer: 404, auditor: 404, consultant: 404, outsider: 404, anonymous: 404 },
  'GET /platform/audit': { owner: 404, admin: 404, analyst: 404, viewer: 404, auditor: 404, consultant: 404, outsider: 404, anonymous: 404 },
};

describe('tenancy: role matrix over the onboarding pages', () => {
  let t: TestApp;
  let browsers: Record<Who, Browser>;

  before(async () => {
    t = await buildTestApp();
    browsers = await signInEveryone(t, await roleOrgs(t));
  });

  for (const [route, expected] of Object.entries(MATRIX)) {
    it(route, async () => {
      const path = route.split(' ')[1];
      const actual = {} as Record<Who, number>;
      for (const who of WHO) actual[who] = (await browsers[who].get(path)).status;
      expect(actual).to.deep.equal(expected);
    });
  }
});
