import * as net from 'node:net';

/** The parts of the untyped `smpp` npm package (node-smpp 0.5) the simulator uses. */
export interface SmppPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  system_id?: string;
  password?: string;
  source_addr?: string;
  destination_addr?: string;
  esm_class?: number;
  data_coding?: number;
  registered_delivery?: number;
  service_type?: string;
  short_message?: SmppMessageField;
  message_payload?: SmppMessageField;
  message_id?: string;
  response(options?: Record<string, unknown>): SmppPdu;
  isResponse(): boolean;
  toBuffer(): Buffer;
}

export type SmppMessageField = Buffer | string | { udh?: Buffer[]; message: string | Buffer };

export interface SmppSession extends NodeJS.EventEmitter {
  socket: net.Socket;
  send(pdu: SmppPdu, responseCallback?: (pdu: SmppPdu) => void): boolean;
  enquire_link(options?: Record<string, unknown>, responseCallback?: (pdu: SmppPdu) => void): boolean;
  deliver_sm(options: Record<string, unknown>, responseCallback?: (pdu: SmppPdu) => void): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
}

export interface SmppModule {
  Session: new (options: { socket: net.Socket }) => SmppSession;
  PDU: new (command: string, options?: Record<string, unknown>) => SmppPdu;
  ESM_CLASS: { DATAGRAM: number; DEFAULT: number; MC_DELIVERY_RECEIPT: number; UDH_INDICATOR: number };
}

// The package ships no type declarations; this is its one import point in the simulator.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smpp: SmppModule = require('smpp');

/** SMPP 3.4 command_status values the simulator answers with. */
export const SmppStatus = {
  OK: 0x00,
  INVALID_BIND_STATUS: 0x04,
  ALREADY_BOUND: 0x05,
  BIND_FAILED: 0x0d,
  INVALID_PASSWORD: 0x0e,
  INVALID_SYSTEM_ID: 0x0f,
} as const;

/** message_state TLV values (SMPP 3.4 §5.3.2.35). */
export const SMPP_MESSAGE_STATE: Record<string, number> = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};
