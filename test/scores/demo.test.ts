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
});
