import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { apiClient } from './contract.ts';

export interface ApiWorld {
  t: TestApp;
  org: TestOrg;
  farm: { supplierId: string; siteIds: string[] };
  /** An analyst-role key of org. */
  writer: ReturnType<typeof apiClient>;
  /** A viewer-role key of org. */
  reader: ReturnType<typeof apiClient>;
  /** An analyst-role key of another organisation. */
  outsider: ReturnType<typeof apiClient>;
}

/** An organisation with one supplier and its sites, reached through API keys of its own and of another tenant. */
export async function apiWorld(supplierName: string): Promise<ApiWorld> {
  const t = await buildTestApp();
  const org = await createOrg(t.db);
  const farm = await addSupplierWithSites(t.db, org, { name: supplierName });
  const writer = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
  const reader = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'BI', role: 'viewer' })).key);
  const other = await createOrg(t.db);
  const outsider = apiClient(t.app, (await t.services.apiKeys.create(other.actor('admin'), { name: 'X', role: 'analyst' })).key);
  return { t, org, farm, writer, reader, outsider };
}
