import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, canOpenChildCase } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound } from '../errors.ts';
import * as cases from './case.queries.ts';

export interface OpenedCase {
  childCase: cases.CaseRow;
  workers: { user_id: string; name: string; email: string }[];
}

/**
 * Runs `fn` on a child's case opened by one of its named case workers. Anyone else gets
 * 404 exactly as for another tenant's case (they learn nothing, not even that it exists);
 * the refused attempt is audit-logged in its own transaction so the rollback keeps it.
 */
export async function withCase<T>(
  db: Database, actor: Actor, id: string, opts: { forUpdate?: boolean; writable?: boolean },
  fn: (q: Queryable, opened: OpenedCase) => Promise<T>,
): Promise<T> {
  authorize(actor, 'cases.read');
  let refused = false;
  try {
    return await db.tx(dbContext(actor), async (q) => {
      const found = await cases.getCase(q, id, opts.forUpdate);
      if (!found) throw new NotFound();
      const workers = await cases.caseWorkers(q, id);
      if (!canOpenChildCase(actor, workers.map((w) => w.user_id))) {
        refused = true;
        throw new NotFound();
      }
      if (opts.writable && found.status === 'closed') throw new Conflict('remediation.errors.caseClosed');
      return fn(q, { childCase: found, workers });
    });
  } finally {
    if (refused) {
      await db.tx(dbContext(actor), (q) => recordAudit(q, actor, { action: 'child_case.access_refused', targetType: 'child_case', targetId: id }));
    }
  }
}
