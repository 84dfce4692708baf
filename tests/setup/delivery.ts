import { parseConfig } from '#config';
import type { DbHandle } from '#db/client.ts';
import { byChannel, emailChannel, smsChannel, type Channel } from '#features/mail/channels.ts';
import { parseSmppUrl, smppTransport, type SmsTransport } from '#features/mail/sms-transport.ts';
import { smtpTransport } from '#features/mail/transport.ts';
import { workOnce, type WorkerSettings } from '#features/mail/worker.ts';
import { createTestDatabase } from './db.ts';
import { makeHub } from './fixtures.ts';
import { TestSmpp } from './smpp.ts';
import { TestSmtp } from './smtp.ts';

/**
 * Delivery inside the test's own process: a migrated database with one hub (makeHub 'main'), a
 * real SMTP server and a real SMPP server, and the worker's channels to both. `drain` runs the
 * worker's rounds until nothing is left due. Start it in beforeAll, stop it in afterAll.
 */
export class DeliveryBench {
  readonly gateway = new TestSmpp();
  readonly smtp = new TestSmtp();
  readonly config = parseConfig({ PUBLIC_URL: 'https://tori.example.fi' });
  readonly settings: WorkerSettings;
  handle!: DbHandle;
  ids!: Awaited<ReturnType<typeof makeHub>>;
  channel!: Channel;
  private sms?: SmsTransport;

  constructor(options: { batchSize: number }) {
    this.settings = { batchSize: options.batchSize, leaseSeconds: 60, maxAttempts: 8, retryBaseSeconds: 0.01 };
  }

  async start(): Promise<void> {
    process.env.PUBLIC_URL = 'https://tori.example.fi';
    [this.handle] = await Promise.all([createTestDatabase(), this.gateway.start(), this.smtp.start()]);
    this.ids = await makeHub(this.handle.db, 'main');
    this.sms = smppTransport(parseSmppUrl(this.gateway.url, 'Tori'));
    this.channel = byChannel({ email: emailChannel(smtpTransport(this.smtp.url), this.config), sms: smsChannel(this.sms) });
  }

  async stop(): Promise<void> {
    this.sms?.close();
    await this.gateway.stop();
    await this.smtp.stop();
    await this.handle?.close();
  }

  /** Runs the worker's rounds (at most 20) at `now` until one claims nothing. */
  async drain(now = new Date()): Promise<void> {
    for (let i = 0; i < 20; i++) if ((await workOnce(this.handle.db, this.channel, this.settings, now)).claimed === 0) return;
  }
}
