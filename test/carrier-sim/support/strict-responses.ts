import * as net from 'node:net';

/**
 * Strict readers of response PDUs as raw bytes, the way an independent client (Kannel and the like) reads them:
 * the length field must equal the frame, every mandatory field must be there, every C-Octet String must end with
 * its NUL inside its size, and nothing may trail. They throw on the first deviation.
 */
export interface StrictResponse {
  commandId: number;
  status: number;
  sequence: number;
  /** SMPP only: the mandatory C-Octet String of the body (system_id or message_id), when the command has one. */
  text?: string;
  length: number;
}

const SMPP_EMPTY_BODY = new Map([
  [0x80000000, 'generic_nack'],
  [0x80000006, 'unbind_resp'],
  [0x80000015, 'enquire_link_resp'],
]);
/** command_id → [mandatory C-Octet String, its size with the NUL, optional TLVs may follow]. */
const SMPP_STRING_BODY = new Map<number, [string, number, boolean]>([
  [0x80000001, ['system_id', 16, true]],
  [0x80000002, ['system_id', 16, true]],
  [0x80000009, ['system_id', 16, true]],
  [0x80000004, ['message_id', 65, false]],
  [0x80000005, ['message_id', 65, false]],
  [0x80000103, ['message_id', 65, true]],
]);

export function strictSmppResponse(frame: Buffer): StrictResponse {
  if (frame.length < 16) throw new Error(`SMPP PDU of ${frame.length} bytes is shorter than its header`);
  const length = frame.readUInt32BE(0);
  if (length !== frame.length) throw new Error(`command_length ${length} but ${frame.length} bytes`);
  const response: StrictResponse = {
    commandId: frame.readUInt32BE(4),
    status: frame.readUInt32BE(8),
    sequence: frame.readUInt32BE(12),
    length,
  };
  if (SMPP_EMPTY_BODY.has(response.commandId)) {
    if (length !== 16) throw new Error(`${SMPP_EMPTY_BODY.get(response.commandId)} must have no body`);
    return response;
  }
  const layout = SMPP_STRING_BODY.get(response.commandId);
  if (!layout)
    throw new Error(`not an SMPP response this reader knows: 0x${response.commandId.toString(16)}`);
  const [field, size, tlvs] = layout;
  const nul = frame.indexOf(0, 16);
  if (nul < 0) throw new Error(`${field} has no terminating NUL`);
  if (nul - 16 + 1 > size) throw new Error(`${field} is longer than its ${size} octets`);
  response.text = frame.toString('latin1', 16, nul);
  let offset = nul + 1;
  if (!tlvs && offset !== length) throw new Error(`${length - offset} bytes trail ${field}`);
  while (offset < length) {
    if (offset + 4 > length) throw new Error('truncated TLV header');
    offset += 4 + frame.readUInt16BE(offset + 2);
    if (offset > length) throw new Error('TLV runs past the PDU');
  }
  return response;
}

export type FixedProtocol = 'cmpp2' | 'cmpp3' | 'sgip' | 'smgp';

/** Total lengths of the fixed-layout responses (reference §1.3–1.6, §2.4, §3.3–3.7). */
const FIXED_RESPONSE_LENGTHS: Record<FixedProtocol, Record<number, number>> = {
  cmpp2: { 0x80000001: 30, 0x80000002: 12, 0x80000004: 21, 0x80000005: 21, 0x80000008: 13 },
  cmpp3: { 0x80000001: 33, 0x80000002: 12, 0x80000004: 24, 0x80000005: 24, 0x80000008: 13 },
  sgip: { 0x80000001: 29, 0x80000002: 20, 0x80000003: 29, 0x80000004: 29, 0x80000005: 29 },
  smgp: { 0x80000001: 33, 0x80000002: 26, 0x80000003: 26, 0x80000004: 12, 0x80000006: 12 },
};

/** The status / result field of each fixed-layout response: [offset, width]. */
function statusOf(protocol: FixedProtocol, commandId: number, frame: Buffer): number {
  if (protocol === 'sgip') return commandId === 0x80000002 ? 0 : frame.readUInt8(20);
  if (protocol === 'smgp')
    return commandId === 0x80000001
      ? frame.readUInt32BE(12)
      : frame.length === 26
        ? frame.readUInt32BE(22)
        : 0;
  const v3 = protocol === 'cmpp3';
  if (commandId === 0x80000001) return v3 ? frame.readUInt32BE(12) : frame.readUInt8(12);
  if (commandId === 0x80000004 || commandId === 0x80000005)
    return v3 ? frame.readUInt32BE(20) : frame.readUInt8(20);
  return 0;
}

export function strictFixedResponse(protocol: FixedProtocol, frame: Buffer): StrictResponse {
  const header = protocol === 'sgip' ? 20 : 12;
  if (frame.length < header)
    throw new Error(`${protocol} PDU of ${frame.length} bytes is shorter than its header`);
  const length = frame.readUInt32BE(0);
  if (length !== frame.length) throw new Error(`total length ${length} but ${frame.length} bytes`);
  const commandId = frame.readUInt32BE(4);
  const expected = FIXED_RESPONSE_LENGTHS[protocol][commandId];
  if (expected === undefined)
    throw new Error(`not a ${protocol} response this reader knows: 0x${commandId.toString(16)}`);
  if (length !== expected)
    throw new Error(`${protocol} 0x${commandId.toString(16)} must be ${expected} bytes, is ${length}`);
  return {
    commandId,
    status: statusOf(protocol, commandId, frame),
    sequence: frame.readUInt32BE(protocol === 'sgip' ? 16 : 8),
    length,
  };
}

/** A TCP client that keeps each length-prefixed frame it receives as raw bytes, untouched by any codec. */
export class RawFrameClient {
  readonly frames: Buffer[] = [];
  private pending = Buffer.alloc(0);
  private listeners: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.notify());
  }

  static connect(port: number): Promise<RawFrameClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new RawFrameClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits (for a condition, not a fixed time) until a frame with this command id arrives, and takes it. */
  async next(commandId: number, timeoutMs = 20_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((frame) => frame.readUInt32BE(4) === commandId);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (this.socket.destroyed && this.pending.length === 0)
        throw new Error(`connection closed before 0x${commandId.toString(16)} arrived`);
      if (Date.now() > deadline) throw new Error(`no 0x${commandId.toString(16)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (length < 4 || this.pending.length < length) break;
      this.frames.push(Buffer.from(this.pending.subarray(0, length)));
      this.pending = this.pending.subarray(length);
    }
    this.notify();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
