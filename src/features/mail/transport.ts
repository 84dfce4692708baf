import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DkimKey } from '#config';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Where composed emails go: SMTP, or .eml files when no server is configured. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

// nodemailer's default list of signed header fields, plus Auto-Submitted: a signature should
// cover every header a receiver acts on (RFC 8058 asks it of the List-Unsubscribe pair).
const SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:' +
  'Content-Transfer-Encoding:Content-ID:Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:' +
  'Resent-Cc:Resent-Message-ID:In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:' +
  'List-Subscribe:List-Post:List-Owner:List-Archive:Auto-Submitted';

const dkimOption = (dkim: DkimKey | null | undefined) => (dkim ? { dkim: { ...dkim, headerFieldNames: SIGNED_HEADERS } } : {});

export function smtpTransport(url: string, dkim?: DkimKey | null): MailTransport {
  // Pooled: one connection carries a batch instead of a handshake per message.
  const pooled: Transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 3, ...dkimOption(dkim) });
  return {
    async send(message) {
      await pooled.sendMail(message);
    },
    close: () => pooled.close(),
  };
}

/** The embedded default: each email becomes a file a newcomer can open (and admins see listed). */
export function fileTransport(dir: string, dkim?: DkimKey | null): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...dkimOption(dkim) });
  return {
    async send(message) {
      const info = await composer.sendMail(message);
      await mkdir(dir, { recursive: true });
      const stamp = message.date.toISOString().replace(/[:.]/g, '-');
      const id = message.messageId.replace(/[^a-zA-Z0-9-]/g, '').slice(0, 40);
      await writeFile(join(dir, `${stamp}-${id}.eml`), info.message as Buffer);
    },
    close: () => composer.close(),
  };
}

export function transportFromConfig(config: { SMTP_URL?: string; DATA_DIR: string; dkim: DkimKey | null }): MailTransport {
  return config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.dkim) : fileTransport(emlDir(config), config.dkim);
}

/** Where emails are written as .eml files when no SMTP server is set. */
export function emlDir(config: { DATA_DIR: string }): string {
  return join(config.DATA_DIR, 'outbox');
}
