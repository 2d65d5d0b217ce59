import session from 'express-session';
import type { Database } from '../db/types.ts';

const ANON = { orgId: null, userId: null };

/**
 * express-session store on the `sessions` table, through the same Database contract
 * (so it works on PGlite and PostgreSQL alike; connect-pg-simple needs a pg Pool).
 * App nodes stay stateless.
 */
export class PgSessionStore extends session.Store {
  constructor(private readonly db: Database, private readonly ttlMs: number) {
    super();
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.db
      .tx(ANON, (q) => q.query<{ sess: session.SessionData }>(`SELECT sess FROM sessions WHERE sid = $1 AND expire > now()`, [sid]))
      .then((r) => cb(null, r.rows[0]?.sess ?? null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expire = this.expiry(sess);
    this.db
      .tx(ANON, (q) =>
        q.query(
          `INSERT INTO sessions (sid, sess, expire) VALUES ($1, $2, $3)
           ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess, expire = EXCLUDED.expire`,
          [sid, JSON.stringify(sess), expire],
        ),
      )
      .then(() => cb?.(), (e) => cb?.(e));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.db
      .tx(ANON, (q) => q.query(`UPDATE sessions SET expire = $2 WHERE sid = $1`, [sid, this.expiry(sess)]))
      .then(() => cb?.(), (e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.db
      .tx(ANON, (q) => q.query(`DELETE FROM sessions WHERE sid = $1`, [sid]))
      .then(() => cb?.(), (e) => cb?.(e));
  }

  /** Called periodically by the app; expired rows are invisible already, this just frees space. */
  async prune(): Promise<void> {
    await this.db.tx(ANON, (q) => q.query(`DELETE FROM sessions WHERE expire <= now()`));
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(Date.now() + this.ttlMs);
  }
}
