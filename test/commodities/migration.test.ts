import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { testDb } from '../support/db.ts';
import { createOrg } from '../support/factories.ts';
import { resolveCommodities } from '../../server/commodities/commodity.resolve.ts';

const MIGRATION = 'server/db/migrations/013_commodities.sql';

/** Free text as suppliers stored it before the vocabulary, and what the resolver makes of it. */
const BEFORE: string[][] = [
  ['café'],
  ['tomate', 'chile', 'pepino'],
  ['Jitomates', 'TOMATE', 'fresa', 'zarzamora'],
  ['prendas de vestir', 'Ropa'],
  ['Caña de Azúcar', 'ejote', 'frijol', 'Artículos de piel', 'ganado'],
  ['corte de café', 'mano de obra agrícola', 'nopal', 'Nopales'],
  ['coffee', 'tomatoes'],
  [],
];

class Rollback extends Error {}

describe('migration 013: existing commodities become vocabulary ids', () => {
  it('gives the same ids as the resolver, keeps unknown text as written, queues a re-scoring, and is idempotent', async () => {
    const db = await testDb();
    const org = await createOrg(db);
    const sql = await readFile(MIGRATION, 'utf8');
    let after: string[][] = [];
    let again: string[][] = [];
    let jobsQueued = 0;
    let jobsAfterAgain = 0;
    // Run again on rows written as before the migration, then roll back: other tests' rows stay as they were.
    await db
      .admin(async (q) => {
        const ids: string[] = [];
        for (const [i, commodities] of BEFORE.entries()) {
          const r = await q.query<{ id: string }>(
            `INSERT INTO suppliers (organization_id, legal_name, commodities) VALUES ($1, $2, $3) RETURNING id`,
            [org.id, `Proveedor ${i}`, commodities],
          );
          ids.push(r.rows[0].id);
        }
        const read = async () => {
          const r = await q.query<{ id: string; commodities: string[] }>(`SELECT id, commodities FROM suppliers WHERE id = ANY($1)`, [ids]);
          return ids.map((id) => r.rows.find((x) => x.id === id)!.commodities);
        };
        const rescores = async () =>
          Number((await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE organization_id = $1 AND kind = 'rescore'`, [org.id])).rows[0].n);
        await q.exec(sql);
        after = await read();
        jobsQueued = await rescores();
        await q.exec(sql);
        again = await read();
        jobsAfterAgain = await rescores();
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(after).to.deep.equal(BEFORE.map((c) => resolveCommodities(c).stored));
    expect(after[1]).to.deep.equal(['tomatoes', 'chile-peppers', 'cucumbers']);
    expect(after[5]).to.deep.equal(['corte de café', 'mano de obra agrícola', 'nopal']);
    expect(again).to.deep.equal(after);
    // One re-scoring of the organisation whose commodities changed; none when nothing changes.
    expect([jobsQueued, jobsAfterAgain]).to.deep.equal([1, 1]);
  });
});
