import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';

export interface Submitted {
  to: string;
  from: string;
  dataCoding: number;
  esmClass: number;
  /** The concatenation header's reference, total and number, when there is one. */
  part: { reference: number; total: number; seq: number } | null;
  /** As the `smpp` package's own decoder reads the user data (GSM 03.38 or UTF-16BE). */
  text: string;
}

export interface Assembled {
  to: string;
  dataCoding: number;
  segments: number;
  text: string;
}

type Incoming = PDU & { response: (fields?: Record<string, unknown>) => PDU };

/**
 * A real SMPP 3.4 server (an SMS centre as a gateway speaks to it) on 127.0.0.1 that keeps
 * every submit_sm. It checks the bind's credentials, can be stopped and started again on the
 * same port (a gateway away for a while), and can be made slow to answer.
 */
export class TestSmpp {
  received: Submitted[] = [];
  binds = 0;
  delayMs = 0;
  port = 0;
  systemId = 'tori';
  password = 'secret';
  private server: Server | null = null;
  private sessions = new Set<Session>();

  async start(port = this.port): Promise<void> {
    const server = smpp.createServer({}, (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => this.sessions.delete(session));
      session.on('bind_transmitter', (pdu: Incoming) => {
        const ok = pdu.system_id === this.systemId && pdu.password === this.password;
        if (ok) this.binds += 1;
        session.send(pdu.response({ command_status: ok ? 0 : 0x0e }));
      });
      session.on('enquire_link', (pdu: Incoming) => session.send(pdu.response()));
      session.on('unbind', (pdu: Incoming) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('submit_sm', (pdu: Incoming) => {
        const message = pdu.short_message as { udh?: Buffer[]; message: string };
        const header = message.udh?.find((h) => h[0] === 0x00);
        const received: Submitted = {
          to: String(pdu.destination_addr),
          from: String(pdu.source_addr),
          dataCoding: Number(pdu.data_coding),
          esmClass: Number(pdu.esm_class),
          part: header ? { reference: header[2]!, total: header[3]!, seq: header[4]! } : null,
          text: message.message,
        };
        // Kept on arrival, as a gateway that takes a message and is slow to say so: a client that
        // dies before the answer has still handed the message over.
        this.received.push(received);
        const id = String(this.received.length);
        const answer = () => {
          if (this.sessions.has(session)) session.send(pdu.response({ message_id: id }));
        };
        if (this.delayMs) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every open connection at once, as a crashed gateway would. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smpp://${this.systemId}:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Whole messages: concatenated segments joined by reference, in order. */
  messages(): Assembled[] {
    const whole: Assembled[] = [];
    const parts = new Map<string, Submitted[]>();
    for (const r of this.received) {
      if (!r.part) {
        whole.push({ to: r.to, dataCoding: r.dataCoding, segments: 1, text: r.text });
        continue;
      }
      const key = `${r.to}:${r.part.reference}:${r.part.total}`;
      const list = parts.get(key) ?? [];
      // A resent part (same reference and number) replaces the first copy, as a phone does.
      const kept = list.filter((p) => p.part!.seq !== r.part!.seq);
      kept.push(r);
      parts.set(key, kept);
      if (kept.length === r.part.total) {
        parts.delete(key);
        kept.sort((a, b) => a.part!.seq - b.part!.seq);
        whole.push({ to: r.to, dataCoding: r.dataCoding, segments: r.part.total, text: kept.map((p) => p.text).join('') });
      }
    }
    return whole;
  }

  async waitFor(count: number, timeoutMs = 60_000): Promise<Assembled[]> {
    const until = Date.now() + timeoutMs;
    while (this.messages().length < count) {
      if (Date.now() > until) throw new Error(`only ${this.messages().length} of ${count} text messages arrived`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages();
  }
}
