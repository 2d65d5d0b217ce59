import session from 'express-session';
import type { Request } from 'express';
import type { Database } from '../db/types.ts';
import { parseRequestContext } from '../auth/request-context.ts';

/** Where get() leaves the request context for createSession() (JSON hashing ignores symbols). */
const CONTEXT = Symbol('request-context');

/**
 * express-session store on the `sessions` table, through the same Database contract
 * (so it works on PGlite and PostgreSQL alike; connect-pg-simple needs a pg Pool).
 * App nodes stay stateless. Sessions are found by their secret id before anyone is known,
 * so the store runs on the owner connection; request transactions see only their own user's
 * sessions (row-level security), which is what "sign out everywhere" deletes.
 */
/** The signed-in user (passport keeps their id in the session), if any. */
function userOf(sess: session.SessionData): string | null {
  const user = (sess as { passport?: { user?: unknown } }).passport?.user;
  return typeof user === 'string' ? user : null;
}

/** A session's expiry is pushed forward at most this often: each push is a write. */
const TOUCH_EVERY_MS = 5 * 60_000;
const TOUCHED_MAX = 50_000;

export class PgSessionStore extends session.Store {
  /** When this process last pushed each session's expiry (bounded; losing it costs one write). */
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Database, private readonly ttlMs: number) {
    super();
  }

  /**
   * The session and, for a signed-in one, its request context (user, second factor,
   * organisations) in one statement: see auth/request-context.ts.
   */
  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.db
      .adminQuery<{ sess: session.SessionData; ctx: unknown }>(
        `SELECT sess, CASE WHEN user_id IS NULL THEN NULL ELSE app_request_context(user_id) END AS ctx
           FROM sessions WHERE sid = $1 AND expire > now()`,
        [sid],
      )
      .then((r) => {
        const row = r.rows[0];
        if (!row) return cb(null, null);
        const sess = typeof row.sess === 'string' ? (JSON.parse(row.sess) as session.SessionData) : row.sess;
        Object.defineProperty(sess, CONTEXT, { value: parseRequestContext(row.ctx), enumerable: false });
        cb(null, sess);
      }, cb);
  }

  /** express-session builds req.session here, with the request at hand: hand it the context. */
  override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
    const ctx = (sess as { [CONTEXT]?: ReturnType<typeof parseRequestContext> })[CONTEXT];
    if (ctx) req.requestContext = ctx;
    return super.createSession(req, sess);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.touched.set(sid, Date.now());
    const expire = this.expiry(sess);
    this.db
      .admin((q) =>
        q.query(
          `INSERT INTO sessions (sid, sess, expire, user_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess, expire = EXCLUDED.expire, user_id = EXCLUDED.user_id`,
          [sid, JSON.stringify(sess), expire, userOf(sess)],
        ),
      )
      .then(() => cb?.(), (e) => cb?.(e));
  }

  /**
   * Rolling sessions call this after every response. Writing the expiry each time made every
   * page view a database write; within TOUCH_EVERY_MS the stored expiry is at most that much
   * shorter than the 8-hour idle limit, which is not worth a write per page.
   */
  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const now = Date.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return void cb?.();
    if (this.touched.size >= TOUCHED_MAX) this.touched.clear();
    this.touched.set(sid, now);
    this.db
      .admin((q) => q.query(`UPDATE sessions SET expire = $2 WHERE sid = $1`, [sid, this.expiry(sess)]))
      .then(() => cb?.(), (e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.db
      .admin((q) => q.query(`DELETE FROM sessions WHERE sid = $1`, [sid]))
      .then(() => cb?.(), (e) => cb?.(e));
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(Date.now() + this.ttlMs);
  }
}
