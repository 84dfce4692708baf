import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import smpp, { type PDU, type Session } from 'smpp';
import { concatHeader, segmentSms } from '#lib/sms-text.ts';

export interface SmsMessage {
  /** E.164, with the plus. */
  to: string;
  text: string;
  /** The outbox row id: a retry of the same message carries the same concatenation reference. */
  id: string;
  date: Date;
}

/** Where composed text messages go: an SMPP gateway, or .txt files when none is configured. */
export interface SmsTransport {
  /** Resolves with the number of segments once the gateway has accepted every one. */
  send(message: SmsMessage): Promise<number>;
  close(): void;
}

// A gateway that neither answers nor hangs up within these is treated as away: the message
// goes back to the outbox and is tried again later, as when an SMTP server is away.
const CONNECT_TIMEOUT_MS = 10_000;
const RESPONSE_TIMEOUT_MS = 15_000;
// Keeps an idle bind alive through NAT and gateway idle timers.
const ENQUIRE_LINK_MS = 30_000;

export interface SmppTarget {
  host: string;
  port: number;
  systemId: string;
  password: string;
  from: string;
}

export function parseSmppUrl(url: string, from: string): SmppTarget {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 2775),
    systemId: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    from,
  };
}

// A short alphanumeric sender (e.g. "Tori") is type of number 5; digits are an international number.
const sourceAddress = (from: string) =>
  /^\+?\d+$/.test(from)
    ? { source_addr: from.replace(/^\+/, ''), source_addr_ton: 1, source_addr_npi: 1 }
    : { source_addr: from, source_addr_ton: 5, source_addr_npi: 0 };

/**
 * One bound transmitter session, opened when the first message needs it and opened again
 * after the gateway drops it. A submit in flight when the connection goes fails, and its
 * message is retried by the worker like any other failure.
 */
export function smppTransport(target: SmppTarget): SmsTransport {
  let bound: Promise<Session> | null = null;
  let current: Session | null = null;
  const waiting = new Set<(error: Error) => void>();

  const drop = (session: Session, error: Error) => {
    if (current === session) {
      current = null;
      bound = null;
    }
    for (const fail of waiting) fail(error);
    waiting.clear();
    session.destroy();
  };

  const request = (session: Session, command: 'bind_transmitter' | 'submit_sm', fields: Record<string, unknown>) =>
    new Promise<PDU>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        waiting.delete(fail);
        reject(new Error(`SMPP ${command}: no answer`));
        drop(session, new Error('SMPP gateway stopped answering'));
      }, RESPONSE_TIMEOUT_MS);
      waiting.add(fail);
      const sent = session[command](fields, (pdu: PDU) => {
        clearTimeout(timer);
        waiting.delete(fail);
        if (pdu.command_status !== 0) reject(new Error(`SMPP ${command} refused with status 0x${pdu.command_status.toString(16)}`));
        else resolve(pdu);
      });
      if (!sent) fail(new Error('SMPP connection is closed'));
    });

  const open = () =>
    new Promise<Session>((resolve, reject) => {
      const session = smpp.connect({ host: target.host, port: target.port, auto_enquire_link_period: ENQUIRE_LINK_MS });
      current = session;
      const timer = setTimeout(() => {
        reject(new Error('SMPP gateway did not answer the connection'));
        drop(session, new Error('SMPP connect timeout'));
      }, CONNECT_TIMEOUT_MS);
      session.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`SMPP connection failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
        drop(session, new Error('SMPP connection failed'));
      });
      session.on('close', () => {
        clearTimeout(timer);
        reject(new Error('SMPP gateway closed the connection'));
        drop(session, new Error('SMPP gateway closed the connection'));
      });
      // The gateway may ask us to leave; answering lets it close cleanly, and the next message binds again.
      session.on('unbind', (pdu: { response: () => PDU }) => {
        session.send(pdu.response());
        drop(session, new Error('SMPP gateway unbound'));
      });
      session.on('enquire_link', (pdu: { response: () => PDU }) => session.send(pdu.response()));
      session.on('connect', () => {
        clearTimeout(timer);
        request(session, 'bind_transmitter', { system_id: target.systemId, password: target.password, interface_version: 0x34 }).then(
          () => resolve(session),
          (error: Error) => {
            reject(error);
            drop(session, error);
          },
        );
      });
    });

  const session = () => {
    bound ??= open().catch((error: Error) => {
      bound = null;
      throw error;
    });
    return bound;
  };

  return {
    async send(message) {
      const { dataCoding, parts } = segmentSms(message.text);
      // The same message always has the same reference, so a phone that got some parts of a
      // first try can join them with the second.
      const reference = createHash('sha256').update(message.id).digest()[0]!;
      const live = await session();
      for (const [i, part] of parts.entries()) {
        const header = parts.length > 1 ? concatHeader(reference, parts.length, i + 1) : null;
        await request(live, 'submit_sm', {
          ...sourceAddress(target.from),
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: message.to.replace(/^\+/, ''),
          data_coding: dataCoding,
          esm_class: header ? 0x40 : 0,
          short_message: header ? Buffer.concat([header, part]) : part,
        });
      }
      return parts.length;
    },
    close() {
      const session = current;
      if (!session) return;
      current = null;
      bound = null;
      session.unbind({}, () => session.close());
      setTimeout(() => session.destroy(), 1_000).unref();
    },
  };
}

/** The embedded default: each text message becomes a file an admin can open. */
export function smsFileTransport(dir: string): SmsTransport {
  return {
    async send(message) {
      const { encoding, parts, units } = segmentSms(message.text);
      await mkdir(dir, { recursive: true });
      const stamp = message.date.toISOString().replace(/[:.]/g, '-');
      const body = `To: ${message.to}\nEncoding: ${encoding}\nSegments: ${parts.length}\nUnits: ${units}\n\n${message.text}\n`;
      await writeFile(join(dir, `${stamp}-${message.id}.txt`), body);
      return parts.length;
    },
    close() {},
  };
}

/** Where text messages are written as .txt files when no gateway is set. */
export function smsDir(config: { DATA_DIR: string }): string {
  return join(config.DATA_DIR, 'sms');
}

export function smsTransportFromConfig(config: { SMS_URL?: string; SMS_FROM: string; DATA_DIR: string }): SmsTransport {
  return config.SMS_URL ? smppTransport(parseSmppUrl(config.SMS_URL, config.SMS_FROM)) : smsFileTransport(smsDir(config));
}
