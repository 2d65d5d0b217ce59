import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { apiClient } from './contract.ts';

describe('API v1: suppliers, sites and links', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let writer: ReturnType<typeof apiClient>;
  let reader: ReturnType<typeof apiClient>;
  let outsider: ReturnType<typeof apiClient>;
  let otherSupplierId: string;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    writer = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
    reader = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'BI', role: 'viewer' })).key);
    outsider = apiClient(t.app, (await t.services.apiKeys.create(other.actor('admin'), { name: 'Other', role: 'analyst' })).key);
    const res = await outsider.post('/api/v1/suppliers', { legalName: 'Proveedora Ajena SA' });
    otherSupplierId = res.body.supplier.id;
  });

  it('creates a supplier with the form\'s rules and reads it back', async () => {
    const res = await writer.post('/api/v1/suppliers', { legalName: 'Agrícola  del Valle SA de CV', taxId: 'AVA010101AB1', commodities: ['tomate', 'chile'], tier: 2 });
    expect(res.status).to.equal(201);
    expect(res.body.supplier).to.include({ legalName: 'Agrícola del Valle SA de CV', taxId: 'AVA010101AB1', tier: 2, status: 'active' });
    const got = await reader.get(`/api/v1/suppliers/${res.body.supplier.id}`);
    expect(got.status).to.equal(200);
    expect(got.body.legalName).to.equal('Agrícola del Valle SA de CV');
    expect(got.body.sites).to.deep.equal([]);
  });

  it('answers 422 naming each bad field, in the request language', async () => {
    const res = await writer.post('/api/v1/suppliers', { legalName: 'X', taxId: 'nope', tier: 99 }, { 'Accept-Language': 'en' });
    expect(res.status).to.equal(422);
    expect(res.headers['content-type']).to.contain('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['tier']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'tier').message).to.equal('The field tier is too large or too long (at most 20).');
    const typed = await writer.post('/api/v1/suppliers', { legalName: 'Bien SA', taxId: 'nope' });
    expect(typed.status).to.equal(422);
    expect(typed.body.errors[0].field).to.equal('taxId');
    const unknown = await writer.post('/api/v1/suppliers', { legalName: 'Bien SA', colour: 'red' });
    expect(unknown.body.errors[0]).to.deep.equal({ field: 'colour', message: 'El campo colour no forma parte de esta solicitud; quítelo.' });
  });

  it('answers 404 for another tenant\'s supplier and for a malformed id', async () => {
    const res = await reader.get(`/api/v1/suppliers/${otherSupplierId}`);
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('errors.notFound');
    expect((await reader.get('/api/v1/suppliers/not-an-id')).status).to.equal(404);
    expect((await writer.post(`/api/v1/suppliers/${otherSupplierId}/links`, { parentId: otherSupplierId })).status).to.equal(404);
  });

  it('refuses a write with a read-only key (403, names the scope)', async () => {
    const res = await reader.post('/api/v1/suppliers', { legalName: 'No Debería SA' });
    expect(res.status).to.equal(403);
    expect(res.body.code).to.equal('api.errors.scope');
    expect(res.body.detail).to.contain('suppliers:write');
  });

  it('pages with an opaque cursor and limit, filters like the page, and refuses a cursor reused with other filters', async () => {
    for (const n of [1, 2, 3, 4, 5]) await writer.post('/api/v1/suppliers', { legalName: `Empacadora Norte ${n} SA`, tier: 3 });
    const first = await reader.get('/api/v1/suppliers?q=Empacadora&limit=2');
    expect(first.status).to.equal(200);
    expect(first.body.data.map((s: { legalName: string }) => s.legalName)).to.deep.equal(['Empacadora Norte 1 SA', 'Empacadora Norte 2 SA']);
    const second = await reader.get(`/api/v1/suppliers?q=Empacadora&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((s: { legalName: string }) => s.legalName)).to.deep.equal(['Empacadora Norte 3 SA', 'Empacadora Norte 4 SA']);
    const last = await reader.get(`/api/v1/suppliers?q=Empacadora&limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body.data).to.have.length(1);
    expect(last.body.nextCursor).to.equal(null);
    const mixed = await reader.get(`/api/v1/suppliers?q=Agricola&limit=2&cursor=${first.body.nextCursor}`);
    expect(mixed.status).to.equal(422);
    expect(mixed.body.errors[0].field).to.equal('query.cursor');
    const forged = Buffer.from(JSON.stringify({ o: 1e20, f: 'x' })).toString('base64url');
    expect((await reader.get(`/api/v1/suppliers?cursor=${forged}`)).body.errors[0].field).to.equal('query.cursor');
    expect((await reader.get('/api/v1/suppliers?cursor=%00%ff')).status).to.equal(400);
    expect((await reader.get('/api/v1/suppliers?limit=1e309')).status).to.equal(422);
    const bad = await reader.get('/api/v1/suppliers?tier=abc&limit=500');
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['query.tier', 'query.limit']);
    expect((await reader.get('/api/v1/suppliers?tier=3&limit=100')).body.data).to.have.length(5);
  });

  it('links a supplier to its customer', async () => {
    const parent = (await writer.post('/api/v1/suppliers', { legalName: 'Comercializadora Cliente SA' })).body.supplier.id;
    const child = (await writer.post('/api/v1/suppliers', { legalName: 'Rancho Proveedor SA' })).body.supplier.id;
    const res = await writer.post(`/api/v1/suppliers/${child}/links`, { parentId: parent });
    expect(res.status).to.equal(201);
    expect(res.body.suppliesTo.map((s: { id: string }) => s.id)).to.deep.equal([parent]);
    const bad = await writer.post(`/api/v1/suppliers/${child}/links`, { parentId: 'x' });
    expect(bad.body.errors[0].field).to.equal('parentId');
  });

  it('adds a site with its territory and workforce counts, with the form\'s checks', async () => {
    const supplierId = (await writer.post('/api/v1/suppliers', { legalName: 'Finca Con Sitio SA' })).body.supplier.id;
    const res = await writer.post(`/api/v1/suppliers/${supplierId}/sites`, {
      name: 'Finca Santa Rita', territoryCode: '07089', latitude: 14.9056, longitude: -92.2629, workforce: { total: 40, adolescents: 2 },
    });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.include({ supplierId, name: 'Finca Santa Rita', territoryCode: '07089', territoryName: 'Tapachula', latitude: 14.9056 });
    expect(res.body.workforce).to.include({ total: 40, adolescents: 2, women: null });
    expect((await reader.get(`/api/v1/sites/${res.body.id}`)).body.id).to.equal(res.body.id);
    expect((await outsider.get(`/api/v1/sites/${res.body.id}`)).status).to.equal(404);
    const swapped = await writer.post(`/api/v1/suppliers/${supplierId}/sites`, { name: 'Otra', territoryCode: '07089', latitude: -92.2, longitude: 14.9, workforce: { total: 5, migrant: 9 } });
    expect(swapped.status).to.equal(422);
    expect(swapped.body.errors.map((e: { field: string }) => e.field)).to.include.members(['latitude', 'workforceMigrant']);
    expect((await outsider.post(`/api/v1/suppliers/${supplierId}/sites`, { name: 'Ajena', territoryCode: '07089' })).status).to.equal(404);
  });
});
