import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Display name on From (the platform's address stays): the organisation a supplier knows. */
  fromName?: string;
  /** Where answers go, e.g. the person who sent a questionnaire. */
  replyTo?: string;
}

/** The nodemailer message: From keeps the configured address, with the mail's display name if any. */
export function envelope(from: string, mail: Mail) {
  const { fromName, ...rest } = mail;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return { ...rest, from: fromName ? { name: fromName, address } : from };
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * SMTP when SMTP_URL is set; otherwise every message is written as an .eml file to the
 * outbox folder (README: "Correo / e-mail"), so links can be followed on a laptop.
 */
export function createMailer(opts: { smtpUrl?: string; outboxDir: string; from: string; logger: Logger }): Mailer {
  if (opts.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail(envelope(opts.from, mail));
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let seq = 0;
  return {
    async send(mail) {
      const info = await transport.sendMail(envelope(opts.from, mail));
      await mkdir(opts.outboxDir, { recursive: true });
      const safeTo = mail.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
      const file = path.join(opts.outboxDir, `${Date.now()}-${process.pid}-${++seq}-${safeTo}.eml`);
      await writeFile(file, info.message as Buffer);
      opts.logger.info({ to: mail.to, file }, 'mail written to outbox');
    },
  };
}
