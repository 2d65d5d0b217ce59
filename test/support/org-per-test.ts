import { buildTestApp, type TestApp } from './app.ts';
import { createOrg, type TestOrg } from './factories.ts';

export interface AppAndOrg {
  /** One app for the describe. */
  readonly t: TestApp;
  /** A fresh organisation for each test, so tests never share data. */
  readonly org: TestOrg;
}

/** Call once at the top of a describe; read the fields inside hooks and tests only. */
export function useOrgPerTest(): AppAndOrg {
  let t: TestApp | undefined;
  let org: TestOrg | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useOrgPerTest: read before its hooks ran');
    return value;
  };
  before(async () => {
    t = await buildTestApp();
  });
  beforeEach(async () => {
    org = await createOrg(ready(t).db);
  });
  return {
    get t() { return ready(t); },
    get org() { return ready(org); },
  };
}
