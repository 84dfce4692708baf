import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

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

export function smtpTransport(url: string): MailTransport {
  // Pooled: one connection carries a batch instead of a handshake per message.
  const pooled: Transporter = nodemailer.createTransport(`${url}${url.includes('?') ? '&' : '?'}pool=true&maxConnections=3`);
  return {
    async send(message) {
      await pooled.sendMail(message);
    },
    close: () => pooled.close(),
  };
}

/** The embedded default: each email becomes a file a newcomer can open (and admins see listed). */
export function fileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
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

export function transportFromConfig(config: { SMTP_URL?: string; DATA_DIR: string }): MailTransport {
  return config.SMTP_URL ? smtpTransport(config.SMTP_URL) : fileTransport(emlDir(config));
}

/** Where emails are written as .eml files when no SMTP server is set. */
export function emlDir(config: { DATA_DIR: string }): string {
  return join(config.DATA_DIR, 'outbox');
}
