import { expect } from 'chai';
import { addReviewedAssessment, daysFromToday } from '../remediation/fixtures.ts';
import { apiClient } from './contract.ts';
import { apiWorld, type ApiWorld } from './world.ts';

describe('API v1: findings, plans, actions and child-case indicators', () => {
  let w: ApiWorld;
  let findingId: string;
  let planId: string;

  before(async () => {
    w = await apiWorld('Café API');
  });

  it('records a finding, opens a plan with an action and moves it', async () => {
    const f = await w.writer.post('/api/v1/findings', {
      supplierId: w.farm.supplierId, siteId: w.farm.siteIds[0], source: 'audit', category: 'hazardous_under_18', severity: 'high', title: '  Cargas   pesadas ',
    });
    expect(f.status).to.equal(201);
    expect(f.body).to.include({ title: 'Cargas pesadas', status: 'open', severity: 'high', source: 'audit' });
    findingId = f.body.id;
    const p = await w.writer.post('/api/v1/plans', { findingId, title: 'Plan de cargas' }, { 'Idempotency-Key': 'plan-1' });
    expect(p.status).to.equal(201);
    planId = p.body.id;
    expect((await w.writer.post('/api/v1/plans', { findingId, title: 'Plan de cargas' }, { 'Idempotency-Key': 'plan-1' })).body.id).to.equal(planId);
    expect((await w.reader.get(`/api/v1/findings/${findingId}`)).body.status).to.equal('in_remediation');
    const a = await w.writer.post(`/api/v1/plans/${planId}/actions`, { title: 'Revisar cargas', ownerKind: 'supplier', dueDate: daysFromToday(20) });
    expect(a.status).to.equal(201);
    expect(a.body.actionList).to.have.length(1);
    const actionId = a.body.actionList[0].id;
    const moved = await w.writer.post(`/api/v1/actions/${actionId}/transition`, { transition: 'start' });
    expect(moved.status).to.equal(200);
    expect(moved.body.actionList[0].status).to.equal('in_progress');
    expect((await w.writer.post(`/api/v1/actions/${actionId}/transition`, { transition: 'verify' })).status).to.equal(409);
    const plans = await w.reader.get(`/api/v1/plans?findingId=${findingId}`);
    expect(plans.body.data.map((x: { id: string }) => x.id)).to.deep.equal([planId]);
    expect(plans.body.data[0].actions).to.deep.include({ total: 1, verified: 0 });
  });

  it('filters and pages findings, names bad fields, hides other tenants, refuses read-only keys', async () => {
    for (const sev of ['low', 'low', 'low'] as const) {
      await w.writer.post('/api/v1/findings', { supplierId: w.farm.supplierId, source: 'reviewer', category: 'missing_controls', severity: sev, title: 'Sin registro de edades' });
    }
    const first = await w.reader.get('/api/v1/findings?severity=low&limit=2');
    expect(first.body.data).to.have.length(2);
    const rest = await w.reader.get(`/api/v1/findings?severity=low&limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.data).to.have.length(1);
    expect(rest.body.nextCursor).to.equal(null);
    const bad = await w.writer.post('/api/v1/findings', { supplierId: w.farm.supplierId, source: 'red_flag', category: 'x', severity: 'high', title: 'ab' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['source', 'category', 'title']);
    const unknown = await w.writer.post('/api/v1/findings', { supplierId: '00000000-0000-4000-8000-000000000000', source: 'audit', category: 'missing_controls', severity: 'low', title: 'Otro' });
    expect(unknown.body.errors[0].field).to.equal('supplierId');
    expect((await w.outsider.get(`/api/v1/findings/${findingId}`)).status).to.equal(404);
    expect((await w.outsider.get(`/api/v1/plans/${planId}`)).status).to.equal(404);
    expect((await w.outsider.get('/api/v1/findings')).body.data).to.deep.equal([]);
    expect((await w.reader.post('/api/v1/findings', { supplierId: w.farm.supplierId })).status).to.equal(403);
  });

  it('gives child-case indicators as aggregates with small cells hidden, and never a child\'s record', async () => {
    const admin = w.org.actor('admin');
    await addReviewedAssessment(w.t.db, w.org, w.farm.supplierId, w.farm.siteIds[0]);
    for (const [age, sex] of [[13, 'female'], [14, 'female'], [9, 'female'], [16, 'male']] as const) {
      await w.t.services.remediation.cases.create(admin, {
        siteId: w.farm.siteIds[0], findingId: null, age, sex, indigenous: false, migrant: false, sensitiveConsentOn: '2026-02-01',
        situation: 'hazardous_work', notes: 'Nombre: Ana, escuela primaria', identifiedOn: '2026-02-01',
      });
    }
    const res = await w.reader.get('/api/v1/indicators');
    expect(res.status).to.equal(200);
    expect(res.body.childCases.minCell).to.equal(3);
    expect(res.body.childCases.total.identified).to.equal(4);
    const bySex = res.body.childCases.groups.find((g: { dimension: string }) => g.dimension === 'sex');
    // One boy alone would point at him: hidden, and so is the cell that would give it away.
    expect(bySex.rows.find((r: { group: string }) => r.group === 'male').counts.identified).to.equal(null);
    expect(bySex.rows.find((r: { group: string }) => r.group === 'female').counts.identified).to.equal(null);
    expect(res.body.childCases.suppressedCells).to.be.greaterThan(0);
    const text = JSON.stringify(res.body);
    expect(text).not.to.contain('Ana');
    expect(text).not.to.match(/"age"|"notes"|"caseId"/);
    const owner = apiClient(w.t.app, null);
    expect((await owner.get('/api/v1/indicators')).status).to.equal(401);
  });
});
