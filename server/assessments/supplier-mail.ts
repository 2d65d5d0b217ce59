import type { Mail } from '../mail/mailer.ts';
import type { Queryable } from '../db/types.ts';
import { translator, type Locale } from '../i18n/index.ts';

/** The person a supplier can answer: who last sent (or re-sent) the questionnaire. */
export interface MailSender {
  name: string;
  email: string;
}

/**
 * Who sent the questionnaire: the user behind the latest "sent"/"link reissued" event,
 * else its creator. Undefined when that user is gone: the mail then names only the organisation.
 */
export async function selectSender(q: Queryable, assessmentId: string): Promise<MailSender | undefined> {
  const r = await q.query<MailSender>(
    `SELECT u.name, u.email FROM users u
      WHERE u.id = coalesce(
        (SELECT e.actor_user_id FROM assessment_events e
          WHERE e.organization_id = app_org() AND e.assessment_id = $1 AND e.kind IN ('sent', 'link_reissued') AND e.actor_user_id IS NOT NULL
          ORDER BY e.created_at DESC LIMIT 1),
        (SELECT a.created_by FROM assessments a WHERE a.organization_id = app_org() AND a.id = $1))`,
    [assessmentId],
  );
  return r.rows[0];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain text to simple HTML: paragraphs, line breaks and links, everything else escaped. */
function toHtml(text: string, lang: Locale): string {
  const paragraphs = text.split(/\n{2,}/).map((p) =>
    `<p>${escapeHtml(p).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html lang="${lang}"><body style="font-family:system-ui,sans-serif;color:#1d2330;line-height:1.5">${paragraphs.join('')}</body></html>`;
}

/**
 * A mail to a supplier, sent in the organisation's name: its name as the From display name,
 * Reply-To the person who sent the questionnaire, and a contact block saying who writes and
 * how to answer them, so the message does not look like an anonymous no-reply notice.
 */
export function supplierMail(o: { language: Locale; to: string; orgName: string; sender?: MailSender; subject: string; body: string }): Mail {
  const t = translator(o.language);
  const who = o.sender
    ? [t('supplierMail.contactPerson', { name: o.sender.name, email: o.sender.email, org: o.orgName }), t('supplierMail.replyHint', { name: o.sender.name })]
    : [t('supplierMail.contactOrg', { org: o.orgName }), t('supplierMail.replyHintOrg', { org: o.orgName })];
  const text = `${o.body}\n\n— ${t('supplierMail.contactTitle')} —\n${who.join('\n')}\n\n${t('supplierMail.platform', { org: o.orgName })}\n`;
  return {
    to: o.to,
    subject: o.subject,
    text,
    html: toHtml(text, o.language),
    fromName: o.orgName,
    ...(o.sender ? { replyTo: o.sender.email } : {}),
  };
}
