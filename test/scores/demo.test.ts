import { expect } from 'chai';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import { prepareReferenceData, demoSteps } from '../../server/startup.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { createJobService } from '../../server/jobs/job.service.ts';
import { createScoreService } from '../../server/scores/score.service.ts';
import { createLogger } from '../../server/logger.ts';
import { initI18n } from '../../server/i18n/index.ts';

/** The demo seed (its own fresh database: the seed only runs on an empty one) ends with every demo supplier scored. */
describe('scores: demo data', function () {
  this.timeout(180_000);
  let db: Database;
  after(() => db?.close());

  it('queues the first scoring of the demo company, which scores every demo supplier', async () => {
    await initI18n();
    db = await openDatabase({});
    await prepareReferenceData(db);
    expect(await seedDemo(db, demoSteps())).to.not.equal(null);
    const jobs = createJobService({ db, logger: createLogger('silent') });
    createScoreService({ db, jobs });
    await jobs.drain();
    const r = await db.admin((q) =>
      q.query<{ suppliers: number; scored: number; failed: number }>(
        `SELECT (SELECT count(*) FROM suppliers s JOIN organizations o ON o.id = s.organization_id
                  WHERE o.slug = 'agro-soconusco' AND s.status <> 'archived')::int AS suppliers,
                (SELECT count(*) FROM supplier_scores c JOIN organizations o ON o.id = c.organization_id
                  WHERE o.slug = 'agro-soconusco' AND c.is_current)::int AS scored,
                (SELECT count(*) FROM jobs WHERE kind = 'rescore' AND status <> 'succeeded')::int AS failed`,
      ),
    );
    expect(r.rows[0].suppliers).to.be.greaterThan(0);
    expect(r.rows[0].scored).to.equal(r.rows[0].suppliers);
    expect(r.rows[0].failed).to.equal(0);
  });

  it('then scores the demo coffee, tomato and garment suppliers with the DOL uplift (the tomato grower: 95, not 80)', async () => {
    const r = await db.admin((q) =>
      q.query<{ legal_name: string; commodities: string[]; sector: string; flags: string[] }>(
        `SELECT s.legal_name, s.commodities, x.sector::text, x.flags FROM site_scores x JOIN suppliers s ON s.id = x.supplier_id
          WHERE s.legal_name IN ('Hortalizas del Valle de Culiacán, S.A. de C.V.', 'Beneficio de Café Soconusco, S.A. de C.V.',
                                 'Confecciones Iztapalapa, S.A. de C.V.', 'Berries de Jalisco, S.P.R. de R.L.')`,
      ),
    );
    const of = (name: string) => r.rows.filter((x) => x.legal_name.startsWith(name));
    // Crops 80; tomatoes and chile are listed for child and forced labour: 80 + (100 − 80) × 0.75 = 95.
    for (const s of of('Hortalizas')) {
      expect(s.commodities).to.deep.equal(['tomatoes', 'chile-peppers', 'cucumbers']);
      expect(Number(s.sector)).to.equal(95);
      expect(s.flags).to.include.members(['dolCommodity', 'dolForcedLabourCommodity']);
    }
    // Food manufacturing 30 and garments 30, each raised by a child-labour listing: 30 + 70 × 0.5 = 65.
    for (const s of [...of('Beneficio'), ...of('Confecciones')]) expect(Number(s.sector), s.legal_name).to.equal(65);
    // Strawberries and blackberries are not on the DOL list for Mexico: crops stay at 80.
    for (const s of of('Berries')) expect(Number(s.sector)).to.equal(80);
    expect(of('Hortalizas').length * of('Beneficio').length * of('Confecciones').length * of('Berries').length).to.be.greaterThan(0);
  });
});
