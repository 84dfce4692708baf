import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  raw: string;
  mail: ParsedMail;
  messageId: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. It can be stopped and started
 * again on the same port (a mail server that is away for a while) and made slow.
 */
export class TestSmtp {
  received: Received[] = [];
  delayMs = 0;
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = this.port): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      // Stopping must drop open (pooled) client connections at once, as a crashed server would.
      closeTimeout: 100,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = await simpleParser(raw);
          this.received.push({ raw, mail, messageId: mail.messageId ?? '' });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Waits until `count` messages have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`only ${this.received.length} of ${count} messages arrived`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
