import type { Mail } from '../mail/mailer.ts';
import { translator, type Locale } from '../i18n/index.ts';
import { BUSINESS_TIME_ZONE } from './assessment.dates.ts';
import { formatDate } from '../dates/local-day.ts';
import { supplierMail, type MailSender } from './supplier-mail.ts';

/** What every supplier e-mail names. Texts are in the assessment's language, not the sender's. */
export interface MailSubject {
  language: Locale;
  to: string;
  orgName: string;
  supplierName: string;
  title: string;
  dueDate: string;
  /** The organisation's time zone, for instants (link expiry); absent = the default zone. */
  timeZone?: string;
  /** Who sent the questionnaire: Reply-To and the contact block. */
  sender?: MailSender;
}

/** A calendar day in words ("26 de noviembre de 2026"), the same day wherever the reader is. */
export function formatDay(day: string, locale: Locale): string {
  return formatDate(day, locale, 'UTC', { style: 'long' });
}

function formatInstant(d: Date, locale: Locale, zone: string = BUSINESS_TIME_ZONE): string {
  return formatDate(d, locale, zone, { style: 'long' });
}

function mail(s: MailSubject, subject: string, body: string): Mail {
  return supplierMail({ language: s.language, to: s.to, orgName: s.orgName, sender: s.sender, subject, body });
}

function params(s: MailSubject) {
  return { org: s.orgName, supplier: s.supplierName, title: s.title, due: formatDay(s.dueDate, s.language) };
}

export function invitationMail(s: MailSubject, link: string, expiresAt: Date): Mail {
  const t = translator(s.language);
  return mail(s, t('assessments.mail.invitation.subject', params(s)),
    t('assessments.mail.invitation.body', { ...params(s), link, expires: formatInstant(expiresAt, s.language, s.timeZone) }));
}

export function returnedMail(s: MailSubject, comments: number): Mail {
  const t = translator(s.language);
  return mail(s, t('assessments.mail.returned.subject', params(s)), t('assessments.mail.returned.body', { ...params(s), count: comments }));
}

export function reminderMail(s: MailSubject, kind: 'before_due' | 'overdue', days: number): Mail {
  const t = translator(s.language);
  const key = kind === 'before_due' ? 'beforeDue' : 'overdue';
  return mail(s, t(`assessments.mail.${key}.subject`, params(s)), t(`assessments.mail.${key}.body`, { ...params(s), days }));
}

/** Sent to the supplier right after it submits, so it knows the answers arrived. */
export function receiptMail(s: MailSubject, submittedAt: Date): Mail {
  const t = translator(s.language);
  return mail(s, t('supplierMail.receipt.subject', params(s)),
    t('supplierMail.receipt.body', { ...params(s), submitted: formatInstant(submittedAt, s.language) }));
}
