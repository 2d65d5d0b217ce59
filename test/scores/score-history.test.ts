import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addSupplier, TAPACHULA_WORKFORCE } from './fixtures.ts';

/**
 * How history is stored (migration 030): a site's inputs once per distinct inputs in
 * site_score_inputs, score rows pointing at them. The farm is the one of rescore.test.ts:
 * Tapachula (07089, high → 90), SCIAN 111 (sector 80), 200 people → inherent 72.63 under the
 * default weights.
 */
describe('scores: history rows share their site inputs', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };

  const inTenant = <T>(fn: (q: any) => Promise<T>) => t.db.tx({ orgId: org.id, userId: null }, fn);
  const scoreRows = (siteId: string) =>
    inTenant((q) => q.query(`SELECT id, inputs_key, inherent, is_current FROM site_score_history WHERE site_id = $1 ORDER BY computed_at, is_current`, [siteId]))
      .then((r: any) => r.rows as { id: string; inputs_key: string; inherent: string; is_current: boolean }[]);
  const storedInputs = (siteId: string) =>
    inTenant((q) => q.query(`SELECT inputs_key, inputs FROM site_score_inputs WHERE site_id = $1`, [siteId]))
      .then((r: any) => r.rows as { inputs_key: string; inputs: Record<string, any> }[]);
  const rescore = () => t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [farm.supplierId], reason: 'manual' });
  const setWorkforce = (siteId: string, total: number) =>
    inTenant((q) => q.query(`UPDATE sites SET workforce_total = $2 WHERE id = $1`, [siteId, total]));

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplier(t.db, org, {
      name: 'Finca Cafetalera del Soconusco',
      sectorCode: '111',
      sites: [{ name: 'Finca Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await rescore();
  });

  it('a weights change writes new score rows but no new inputs, and both rows still explain themselves', async () => {
    const [first] = await scoreRows(farm.siteIds[0]);
    await t.services.scores.saveWeights(org.actor('admin'), { components: { territorial: 0.6, sector: 0.2, workforce: 0.2 } });
    const run = await rescore();
    expect(run.scoresWritten).to.equal(2); // the site and its supplier

    const rows = await scoreRows(farm.siteIds[0]);
    expect(rows.map((r) => r.is_current)).to.deep.equal([false, true]);
    // 90 × 0.6 + 80 × 0.2 + 32.5 × 0.2 = 54 + 16 + 6.5 = 76.5
    expect(Number(rows[1].inherent)).to.equal(76.5);
    expect(rows[1].inputs_key).to.equal(first.inputs_key);
    const inputs = await storedInputs(farm.siteIds[0]);
    expect(inputs).to.have.length(1);
    expect(inputs[0].inputs).to.include({ territoryCode: '07089', scianCode: '111' });

    // The page re-runs the engine on the shared inputs with each row's own weights.
    const now = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0]);
    expect(now.score!.inherent).to.equal(76.5);
    expect(now.score!.inputs.workforce).to.deep.equal([200, 4, 0, 100, 50, 0, 20, 80]);
    expect(now.score!.explained.reproduced).to.equal(true);
    expect(now.score!.explained.lines[0]).to.include({ component: 'territorial', weight: 0.6, contribution: 54 });
    const old = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0], first.id);
    expect(old.score!.isCurrent).to.equal(false);
    expect(old.score!.explained.reproduced).to.equal(true);
    expect(old.score!.explained.lines[0]).to.include({ component: 'territorial', weight: 0.45, contribution: 40.5 });
    expect(now.history.map((h) => h.isCurrent)).to.deep.equal([true, false]);
  });

  it('stores changed inputs once more, and inputs changed back are not stored twice', async () => {
    const before = await storedInputs(farm.siteIds[0]);
    await setWorkforce(farm.siteIds[0], 400);
    await rescore();
    const changed = await storedInputs(farm.siteIds[0]);
    expect(changed).to.have.length(before.length + 1);
    const current = (await scoreRows(farm.siteIds[0])).find((r) => r.is_current)!;
    expect(changed.find((i) => i.inputs_key === current.inputs_key)!.inputs.workforce[0]).to.equal(400);

    await setWorkforce(farm.siteIds[0], 200);
    await rescore();
    const rows = await scoreRows(farm.siteIds[0]);
    expect(rows).to.have.length(4);
    expect(rows[3].is_current).to.equal(true);
    // Back to the first inputs: the new row points at the row stored for them at first.
    expect(rows[3].inputs_key).to.equal(rows[0].inputs_key);
    expect(await storedInputs(farm.siteIds[0])).to.have.length(before.length + 1);
    const view = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0]);
    expect(view.score!.inputs.workforce[0]).to.equal(200);
    expect(view.score!.explained.reproduced).to.equal(true);
  });

  it('keeps the stored inputs of one organisation out of another', async () => {
    const other = await createOrg(t.db);
    const seen = await t.db.tx({ orgId: other.id, userId: null }, (q) =>
      q.query<{ n: number }>(`SELECT count(*)::int AS n FROM site_score_inputs WHERE site_id = $1`, [farm.siteIds[0]]));
    expect(seen.rows[0].n).to.equal(0);
    let error: Error | undefined;
    await t.db
      .tx({ orgId: other.id, userId: null }, (q) =>
        q.query(`INSERT INTO site_score_inputs (organization_id, site_id, inputs_key, inputs) VALUES ($1, $2, 'x', '{}')`, [org.id, farm.siteIds[0]]))
      .catch((e) => (error = e));
    expect(error?.message).to.match(/row-level security/);
  });
  // The record an auditor reads is written once. What makes a score current is kept apart from it
  // (migration 037), so a re-scoring neither rewrites the score it retires nor leaves a dead copy of
  // it behind, and the app role has no way to change a history row.
  it('retiring a score leaves its history row exactly as written, and the app role cannot update or delete history', async () => {
    const versions = () =>
      t.db.admin((q) => q.query<{ id: string; xmin: string; ctid: string }>(
        `SELECT id, xmin::text AS xmin, ctid::text AS ctid FROM site_scores WHERE site_id = $1
         UNION ALL SELECT id, xmin::text, ctid::text FROM supplier_scores WHERE supplier_id = $2 ORDER BY 1`,
        [farm.siteIds[0], farm.supplierId],
      )).then((r) => r.rows);
    const before = await versions();
    await t.services.scores.saveWeights(org.actor('admin'), { components: { territorial: 0.5, sector: 0.3, workforce: 0.2 } });
    const run = await rescore();
    expect(run.scoresWritten).to.equal(2);
    const after = await versions();
    expect(after).to.have.length(before.length + 2);
    expect(after.filter((r) => before.some((b) => b.id === r.id))).to.deep.equal(before);

    const grants = await t.db.admin((q) => q.query<{ table_name: string; privilege_type: string }>(
      `SELECT table_name, privilege_type FROM information_schema.table_privileges
        WHERE grantee = 'vigia_app' AND table_name IN ('site_scores', 'supplier_scores') AND privilege_type IN ('UPDATE', 'DELETE')
       UNION ALL
       SELECT table_name, privilege_type FROM information_schema.column_privileges
        WHERE grantee = 'vigia_app' AND table_name IN ('site_scores', 'supplier_scores') AND privilege_type = 'UPDATE'`,
    ));
    expect(grants.rows).to.deep.equal([]);
  });
  // The history tables have no foreign key to their organisation (a trigger per inserted row);
  // a statement-level trigger removes them with it instead (migration 037).
  it('deleting an organisation takes its score history, current-score pointers and stored inputs with it', async () => {
    const gone = await createOrg(t.db);
    const farm2 = await addSupplier(t.db, gone, { name: 'Finca que cierra', sectorCode: '111', sites: [{ name: 'Parcela', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(gone.actor('admin'), { supplierIds: [farm2.supplierId], reason: 'manual' });
    const left = () => t.db.admin((q) => q.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM site_scores WHERE organization_id = $1) + (SELECT count(*) FROM supplier_scores WHERE organization_id = $1)
            + (SELECT count(*) FROM site_score_current WHERE organization_id = $1) + (SELECT count(*) FROM supplier_score_current WHERE organization_id = $1)
            + (SELECT count(*) FROM site_score_inputs WHERE organization_id = $1) AS n`, [gone.id])).then((r) => Number(r.rows[0].n));
    expect(await left()).to.equal(5);
    await t.db.admin((q) => q.query(`DELETE FROM organizations WHERE id = $1`, [gone.id]));
    expect(await left()).to.equal(0);
    expect((await scoreRows(farm.siteIds[0])).length).to.be.greaterThan(0);
  });
});
