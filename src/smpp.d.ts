// The parts of the `smpp` package (SMPP 3.4) that Tori uses; the package ships no types.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';

  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
  }

  export class Session extends EventEmitter {
    constructor(options: { host?: string; port?: number; auto_enquire_link_period?: number; socket?: unknown });
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transmitter(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
    submit_sm(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
    unbind(options?: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
    [command: string]: unknown;
  }

  export interface Server extends EventEmitter {
    listen(port: number, host: string, callback?: () => void): void;
    close(callback?: () => void): void;
    address(): { port: number } | string | null;
  }

  export function connect(options: { host: string; port: number; auto_enquire_link_period?: number }, listener?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;

  /** The package's own coders: ASCII is its GSM 03.38 default alphabet, UCS2 is UTF-16BE. */
  export const encodings: Record<'ASCII' | 'LATIN1' | 'UCS2', { encode(text: string): Buffer; decode(data: Buffer): string }>;

  const smpp: { connect: typeof connect; createServer: typeof createServer; Session: typeof Session };
  export default smpp;
}
