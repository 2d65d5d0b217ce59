import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { translator, type Locale } from '../i18n/index.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { DomainError, NotFound, TooManyRequests } from '../errors.ts';
import type { ClaimInput } from './supplier-account.schema.ts';
import * as accounts from './supplier-account.queries.ts';

/** A confirmation link is short-lived and single-use; a few per hour per account at most. */
const LINK_TTL_MS = 60 * 60_000;
const LINKS_PER_HOUR = 5;

/** A confirmation link that was used, expired or never existed (one answer for all three). */
export class LinkClosed extends DomainError {
  constructor() {
    super(410, 'sharing.errors.tokenInvalid');
  }
}

/** How a supplier account holder appears in an organisation's history. */
export const SUPPLIER_ACCOUNT_LABEL = 'supplier (account)';

export function createSupplierAccountService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  /**
   * Sends a confirmation link to `email` when at least one organisation sent a
   * questionnaire to that address for a supplier with that RFC. The answer to the caller
   * is the same either way, so the form cannot be used to learn who buys from whom.
   */
  async function claim(input: ClaimInput, locale: Locale): Promise<void> {
    const link = await db.admin(async (q) => {
      if (!(await accounts.hasRequests(q, input.email, input.rfc))) return undefined;
      const account = await accounts.upsertAccount(q, input.rfc, input.email);
      if ((await accounts.recentTokenCount(q, account.id)) >= LINKS_PER_HOUR) throw new TooManyRequests('sharing.errors.tooManyLinks');
      const { token, hash } = newToken(32);
      await accounts.insertToken(q, account.id, hash, new Date(Date.now() + LINK_TTL_MS));
      return `${baseUrl}/supplier/verify/${token}`;
    });
    if (!link) return;
    const t = translator(locale);
    await mailer.send({
      to: input.email,
      subject: t('sharing.mail.claim.subject'),
      text: t('sharing.mail.claim.body', { rfc: input.rfc, link, minutes: LINK_TTL_MS / 60_000 }),
    });
  }

  /** Whether a confirmation link can still be used (the page asks for a click before using it). */
  async function checkToken(token: string): Promise<void> {
    if (!(await db.admin((q) => accounts.tokenUsable(q, hashToken(token))))) {
      throw new LinkClosed();
    }
  }

  /** Uses the link: the e-mail is now verified for this RFC. Returns the account id for the session. */
  async function verify(token: string): Promise<string> {
    const id = await db.admin(async (q) => {
      const accountId = await accounts.consumeToken(q, hashToken(token));
      if (accountId) await accounts.markVerified(q, accountId);
      return accountId;
    });
    if (!id) throw new LinkClosed();
    return id;
  }

  /** The verified account behind a session, or NotFound (the session is then dropped). */
  async function account(id: string): Promise<accounts.SupplierAccountRow> {
    const row = await db.admin((q) => accounts.getAccount(q, id));
    if (!row?.verified_at) throw new NotFound();
    return row;
  }

  return { claim, checkToken, verify, account };
}

export type SupplierAccountService = ReturnType<typeof createSupplierAccountService>;
