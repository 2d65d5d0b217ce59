import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier, daysAgo } from '../scores/fixtures.ts';
import { listQuerySchema, parseForm, supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { siteSchema } from '../../server/suppliers/site.schema.ts';

/**
 * The organisation's counts (migration 031) must equal a recount after every kind of change
 * that moves them. Each step compares what the pages show — the dashboard, the score list per
 * level, the supplier list — with the tenant counted from scratch the way the pages used to.
 */
describe('summaries: organisation counts stay exact', () => {
  let t: TestApp;
  let org: TestOrg;
  const tr = (key: string) => key;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  /** The tenant counted from scratch (the pages' queries before the counts were kept). */
  async function recount(o: TestOrg) {
    return t.db.tx({ orgId: o.id, userId: null }, async (q) => {
      const one = async (sql: string) => Number((await q.query<{ n: string }>(sql)).rows[0].n);
      const live = `s.organization_id = app_org() AND s.status <> 'archived'`;
      const byKey = async (sql: string) => Object.fromEntries((await q.query<{ k: string; n: string }>(sql)).rows.map((r) => [r.k, Number(r.n)]));
      const active = await q.query<{ id: string }>(`SELECT id FROM risk_datasets WHERE country = 'MX' AND is_active`);
      return {
        suppliers: await one(`SELECT count(*) AS n FROM suppliers s WHERE ${live}`),
        byStatus: await byKey(`SELECT status AS k, count(*) AS n FROM suppliers GROUP BY 1`),
        sites: await one(`SELECT count(*) AS n FROM sites x JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id WHERE x.status = 'active' AND ${live}`),
        levels: await byKey(`SELECT c.level AS k, count(*) AS n FROM current_supplier_scores c JOIN suppliers s ON s.organization_id = c.organization_id AND s.id = c.supplier_id WHERE ${live} GROUP BY 1`),
        assessments: await byKey(`SELECT a.status AS k, count(*) AS n FROM assessments a JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id WHERE ${live} GROUP BY 1`),
        // Due dates in these tests are years away from today, so the UTC day serves.
        overdue: await one(`SELECT (SELECT count(*) FROM assessments a JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
                                     WHERE a.status IN ('sent', 'in_progress', 'returned') AND a.due_date < current_date AND ${live})
                                 + (SELECT count(*) FROM remediation_actions a JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
                                     JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
                                     WHERE a.status IN ('open', 'in_progress') AND a.due_date < current_date) AS n`),
        stale: Number((await q.query<{ n: string }>(
          `SELECT count(*) AS n FROM current_site_scores WHERE dataset_id IS DISTINCT FROM $1::uuid`, [active.rows[0]?.id ?? null],
        )).rows[0].n),
      };
    });
  }

  const nonZero = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, n]) => n !== 0));

  /** What the pages show, in the same shape. */
  async function shown(o: TestOrg) {
    const actor = o.actor('admin');
    const d = await t.services.dashboard.overview(actor, tr);
    const levels = Object.fromEntries(d.levels.map((l) => [l.level, l.count]));
    const assessments = Object.fromEntries((d.assessments!.chart.data.labels as string[]).map((label, i) => [label.split('.').pop()!, d.assessments!.chart.data.datasets[0].data[i] as number]));
    const byStatus: Record<string, number> = {};
    for (const status of ['active', 'inactive', 'archived'] as const) {
      byStatus[status] = (await t.services.suppliers.list(actor, listQuerySchema.parse({ status }))).total;
    }
    // The score list and the supplier list agree with the dashboard, level by level.
    for (const level of ['low', 'medium', 'high', 'critical', 'unscored'] as const) {
      const scoreList = await t.services.scores.list(actor, { levels: [level], limit: 500, offset: 0 });
      const supplierList = await t.services.suppliers.list(actor, listQuerySchema.parse({ risk: level }));
      const expected = level === 'unscored' ? d.counts.unscored : levels[level];
      expect(scoreList.total, `score list total at ${level}`).to.equal(expected);
      expect(scoreList.items.length, `score list rows at ${level}`).to.equal(Math.min(500, expected));
      expect(supplierList.total, `supplier list total at ${level}`).to.equal(expected);
    }
    const all = await t.services.scores.list(actor, { levels: [], limit: 500, offset: 0 });
    expect(all.total).to.equal(d.counts.suppliers);
    expect(all.items.length).to.equal(Math.min(500, d.counts.suppliers));
    expect((await t.services.suppliers.list(actor, listQuerySchema.parse({}))).total).to.equal(d.counts.suppliers);
    return {
      suppliers: d.counts.suppliers,
      byStatus: nonZero(byStatus),
      sites: d.counts.sites,
      levels: nonZero(levels),
      assessments: nonZero(assessments),
      overdue: d.overdue!.total,
      stale: d.staleScores,
    };
  }

  async function expectExact(o: TestOrg = org) {
    const [want, got] = [await recount(o), await shown(o)];
    expect(got).to.deep.equal({ ...want, byStatus: nonZero(want.byStatus), levels: nonZero(want.levels), assessments: nonZero(want.assessments) });
    return got;
  }

  const worker = { total: 100, adolescents: 5, family: 0, seasonal: 50, migrant: 10, subcontracted: 0, indigenous: 0, women: 40 };
  let finca: { supplierId: string; siteIds: string[] };
  let oficina: { supplierId: string; siteIds: string[] };

  it('start at zero and count suppliers and sites as they are added', async () => {
    expect(await expectExact()).to.include({ suppliers: 0, sites: 0 });
    finca = await addSupplier(t.db, org, { name: 'Finca', sectorCode: '111', sites: [{ name: 'Tapachula', territoryCode: '07089', workforce: worker }, { name: 'Huehuetán', territoryCode: '07037', workforce: worker }] });
    oficina = await addSupplier(t.db, org, { name: 'Oficina', sectorCode: '54', sites: [{ name: 'Centro', territoryCode: '01001' }] });
    const actor = org.actor('analyst');
    const { id } = await t.services.suppliers.create(actor, parseForm(supplierSchema, { legalName: 'Rancho Nuevo SPR', status: 'inactive', tier: '2' }));
    await t.services.sites.create(actor, id, parseForm(siteSchema, { name: 'Potrero', territoryCode: '14039' }));
    expect(await expectExact()).to.deep.include({ suppliers: 3, sites: 4, byStatus: { active: 2, inactive: 1 }, levels: {} });
  });

  it('follow a re-scoring: levels of the scored suppliers, nothing stale', async () => {
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    const got = await expectExact();
    expect(Object.values(got.levels).reduce((a, b) => a + b, 0)).to.equal(3);
    expect(got.stale).to.equal(0);
    // A re-run that changes nothing writes nothing and moves nothing.
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    await expectExact();
  });

  it('follow a finding opened and closed, through the re-scoring it triggers', async () => {
    const { findings } = t.services.remediation;
    const before = (await expectExact()).levels;
    const findingId = await findings.create(org.actor('analyst'), {
      supplierId: oficina.supplierId, siteId: oficina.siteIds[0], source: 'audit', category: 'child_labour_under_15', severity: 'critical', title: 'Niños en el almacén',
    });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    const opened = (await expectExact()).levels;
    expect(opened, 'an open child-labour finding raises the level').to.not.deep.equal(before);
    await findings.setStatus(org.actor('admin'), findingId, 'closed', 'Verificado');
    // Only this supplier, as the job queued by the finding does.
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [oficina.supplierId], reason: 'finding' });
    await expectExact();
  });

  it('follow a first scoring and a weights change run in batches, each counted by its supplier range', async () => {
    // Batches of one supplier: every batch but the last has both bounds (migration 038).
    const other = await createOrg(t.db);
    for (const [i, code] of ['07089', '01001', '14039', '20067'].entries()) {
      await addSupplier(t.db, other, { name: `Proveedor ${i}`, sectorCode: i % 2 ? '54' : '111', sites: [{ name: `Sitio ${i}`, territoryCode: code, workforce: worker }] });
    }
    await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 1 });
    const first = await expectExact(other);
    expect(Object.values(first.levels).reduce((a, b) => a + b, 0)).to.equal(4);
    await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query(`INSERT INTO scoring_settings (organization_id, weights) VALUES ($1, $2)`, [other.id, JSON.stringify({ components: { territorial: 0.05, sector: 0.7 } })]));
    const run = await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 3 });
    expect(run.scoresWritten).to.equal(8);
    const after = await expectExact(other);
    expect(after.levels, 'the weights change moved some supplier to another level').to.not.deep.equal(first.levels);
  });

  it('leave out an archived supplier whose score is still current when a batched run reaches it', async () => {
    // Archived by hand (as an import's bulk status change does), so its score stays current until a
    // run reaches it: the range's count before the write must not take it off (migration 039).
    const other = await createOrg(t.db);
    const ids: string[] = [];
    for (const [i, code] of ['07089', '01001', '14039', '20067', '07089'].entries()) {
      ids.push((await addSupplier(t.db, other, { name: `Proveedor ${i}`, sectorCode: i % 2 ? '54' : '111', sites: [{ name: `Sitio ${i}`, territoryCode: code, workforce: worker }] })).supplierId);
    }
    await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 2 });
    await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query(`UPDATE suppliers SET status = 'archived', archived_at = now() WHERE id = ANY($1::uuid[])`, [ids.slice(1, 3)]));
    const archived = await expectExact(other);
    expect(Object.values(archived.levels).reduce((a, b) => a + b, 0)).to.equal(3);
    await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query(`INSERT INTO scoring_settings (organization_id, weights) VALUES ($1, $2)`, [other.id, JSON.stringify({ components: { territorial: 0.05, sector: 0.7 } })]));
    await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 1 });
    const after = await expectExact(other);
    expect(Object.values(after.levels).reduce((a, b) => a + b, 0)).to.equal(3);
    const pointers = await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query<{ n: string }>(`SELECT count(*) AS n FROM supplier_score_current WHERE supplier_id = ANY($1::uuid[])`, [ids.slice(1, 3)]));
    expect(Number(pointers.rows[0].n), 'the run retired the archived suppliers\' scores').to.equal(0);
  });

  it('stay exact when two whole-organisation runs with different batches write at once', async () => {
    // Two workers may run two re-scorings of one tenant together. Their batches' ranges differ and
    // overlap; each write counts its own range before and after, under the organisation's lock.
    const other = await createOrg(t.db);
    for (let i = 0; i < 7; i++) {
      await addSupplier(t.db, other, { name: `Proveedor ${i}`, sectorCode: i % 2 ? '54' : '111', sites: [{ name: `Sitio ${i}`, territoryCode: i % 3 ? '07089' : '01001', workforce: worker }] });
    }
    await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 2 });
    const before = await expectExact(other);
    await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query(`INSERT INTO scoring_settings (organization_id, weights) VALUES ($1, $2)`, [other.id, JSON.stringify({ components: { territorial: 0.05, sector: 0.7 } })]));
    const runs = await Promise.all([
      t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 2 }),
      t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 3 }),
    ]);
    // Every site and supplier was rewritten by at least one of the two.
    expect(runs.reduce((n, r) => n + r.scoresWritten, 0)).to.be.at.least(14);
    const after = await expectExact(other);
    expect(Object.values(after.levels).reduce((a, b) => a + b, 0)).to.equal(7);
    expect(after.levels).to.not.deep.equal(before.levels);
  });

  it('follow re-scorings in small batches and of one supplier, and a site scored without a dataset', async () => {
    await t.services.scores.rescoreOrganization(org.actor('admin'), { batchSize: 1 });
    await expectExact();
    // Without an active dataset Finca's two sites are scored against none, and the other two
    // sites' scores (computed with the dataset that is no longer active) are the stale ones.
    const active = await t.db.admin((q) => q.query<{ id: string }>(`UPDATE risk_datasets SET is_active = false WHERE country = 'MX' AND is_active RETURNING id`));
    try {
      await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [finca.supplierId] });
      expect(await expectExact()).to.include({ stale: 2 });
    } finally {
      await t.db.admin((q) => q.query(`UPDATE risk_datasets SET is_active = true WHERE id = ANY($1::uuid[])`, [active.rows.map((r) => r.id)]));
    }
    // Back on the dataset: only Finca's two sites were scored without it.
    expect(await expectExact()).to.include({ stale: 2 });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [finca.supplierId] });
    expect(await expectExact()).to.include({ stale: 0 });
  });

  it('follow archiving and restoring a site and a supplier (its sites, score and assessments with it)', async () => {
    const actor = org.actor('admin');
    await addReviewedAssessment(t.db, org, { supplierId: finca.supplierId, siteId: null, reviewedAt: daysAgo(10), controlsScore: 0.5 });
    await addReviewedAssessment(t.db, org, { supplierId: finca.supplierId, siteId: null, reviewedAt: daysAgo(10), controlsScore: 0.5, status: 'sent', dueDate: '2020-01-01' });
    await addReviewedAssessment(t.db, org, { supplierId: oficina.supplierId, siteId: null, reviewedAt: daysAgo(10), controlsScore: 0.5, status: 'draft' });
    expect(await expectExact()).to.deep.include({ assessments: { reviewed: 1, sent: 1, draft: 1 }, overdue: 1 });

    await t.services.sites.archive(actor, finca.siteIds[1]);
    expect(await expectExact()).to.include({ sites: 3 });
    await t.services.sites.restore(actor, finca.siteIds[1]);
    expect(await expectExact()).to.include({ sites: 4 });

    await t.services.suppliers.archive(actor, finca.supplierId);
    const archived = await expectExact();
    expect(archived).to.deep.include({ suppliers: 2, sites: 2, assessments: { draft: 1 }, overdue: 0, byStatus: { active: 1, inactive: 1, archived: 1 } });
    expect(Object.values(archived.levels).reduce((a, b) => a + b, 0)).to.equal(2);
    await t.services.suppliers.restore(actor, finca.supplierId);
    expect(await expectExact()).to.deep.include({ suppliers: 3, sites: 4, assessments: { reviewed: 1, sent: 1, draft: 1 }, overdue: 1 });
  });

  it('follow assessments moving through their statuses', async () => {
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE assessments SET status = 'in_progress' WHERE status = 'sent'`));
    expect(await expectExact()).to.deep.include({ assessments: { reviewed: 1, in_progress: 1, draft: 1 }, overdue: 1 });
    // A new due date, then submitted: no longer overdue.
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE assessments SET due_date = '2099-01-01' WHERE status = 'in_progress'`));
    expect(await expectExact()).to.include({ overdue: 0 });
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE assessments SET due_date = '2020-02-01' WHERE status = 'in_progress'`));
    expect(await expectExact()).to.include({ overdue: 1 });
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE assessments SET status = 'submitted', submitted_at = now() WHERE status = 'in_progress'`));
    expect(await expectExact()).to.deep.include({ assessments: { reviewed: 1, submitted: 1, draft: 1 }, overdue: 0 });
    // Deleted (the owner's connection: organisation deletion, data retention).
    await t.db.admin((q) => q.query(`DELETE FROM assessments WHERE organization_id = $1 AND status = 'draft'`, [org.id]));
    expect((await expectExact()).assessments).to.deep.equal({ reviewed: 1, submitted: 1 });
  });

  it('keep the overdue list in step with actions done', async () => {
    const { findings, plans } = t.services.remediation;
    const actor = org.actor('analyst');
    const findingId = await findings.create(actor, { supplierId: oficina.supplierId, source: 'audit', category: 'missing_controls', severity: 'low', title: 'Sin registro de edades' });
    const planId = await plans.create(actor, { findingId, title: 'Registro' });
    const actionId = await plans.addAction(actor, planId, { title: 'Llevar registro', ownerKind: 'supplier', dueDate: '2099-01-31' });
    // Overdue: due in the past (set directly; the form only takes future dates).
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE remediation_actions SET due_date = '2020-01-01' WHERE id = $1`, [actionId]));
    const overdue = async () => (await t.services.dashboard.overview(org.actor('admin'), tr)).overdue!.total;
    const before = await overdue();
    await plans.transition(actor, actionId, 'complete');
    expect(await overdue()).to.equal(before - 1);
    await expectExact();
  });

  it('follow a bulk COPY and a bulk status change, as imports write them', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [org.id, randomUUID(), `Bulk ${i}`, i % 3 === 0 ? 'inactive' : 'active']);
    await t.db.admin((q) => t.db.copyRows(q, 'suppliers', ['organization_id', 'id', 'legal_name', 'status'], rows));
    await t.db.admin((q) => t.db.copyRows(q, 'sites', ['organization_id', 'supplier_id', 'name'], rows.map((r) => [org.id, r[1], 'Bodega'])));
    expect(await expectExact()).to.include({ suppliers: 303, sites: 304 });
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE suppliers SET status = 'archived', archived_at = now() WHERE legal_name LIKE 'Bulk %' AND status = 'inactive'`));
    expect(await expectExact()).to.include({ suppliers: 203, sites: 204 });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    await expectExact();
  });

  it('recount when suppliers are deleted, and leave nothing behind when the organisation goes', async () => {
    const other = await createOrg(t.db);
    const a = await addSupplier(t.db, other, { name: 'Uno', sectorCode: '111', sites: [{ name: 'S1', territoryCode: '07089' }] });
    await addSupplier(t.db, other, { name: 'Dos', sectorCode: '111', sites: [{ name: 'S2', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(other.actor('admin'));
    await t.db.admin((q) => q.query(`DELETE FROM suppliers WHERE organization_id = $1 AND id = $2`, [other.id, a.supplierId]));
    expect(await expectExact(other)).to.include({ suppliers: 1, sites: 1 });
    await t.db.admin((q) => q.query(`DELETE FROM organizations WHERE id = $1`, [other.id]));
    const left = await t.db.admin((q) => q.query(`SELECT count(*)::int AS n FROM org_counts WHERE organization_id = $1`, [other.id]));
    expect(left.rows[0]).to.deep.equal({ n: 0 });
    // The first organisation was not touched by the other's changes.
    await expectExact();
  });

  it('are readable only within the tenant', async () => {
    const other = await createOrg(t.db);
    const seen = await t.db.tx({ orgId: other.id, userId: null }, (q) => q.query(`SELECT * FROM org_counts`));
    expect(seen.rows).to.deep.equal([]);
    const write = await t.db.tx({ orgId: other.id, userId: null }, (q) => q.query(`INSERT INTO org_counts VALUES (app_org(), 'suppliers', 'active', 5)`))
      .then(() => 'written', (e: Error) => e.message);
    expect(write).to.match(/permission denied/);
  });
});
