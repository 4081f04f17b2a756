/**
 * An SMPP 3.4 PDU as the `smpp` package lays it out: snake_case fields named as in the specification.
 * Message bodies (short_message, message_payload) stay raw Buffers in both directions.
 */
export interface SmppPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  command_id?: number;
  [field: string]: unknown;
}

/** command_status values this layer acts on (SMPP 3.4 §5.1.3). */
export const SmppStatus = {
  ok: 0x00,
  invalidCommandId: 0x03,
  alreadyBound: 0x05,
  systemError: 0x08,
  bindFailed: 0x0d,
  invalidPassword: 0x0e,
  invalidSystemId: 0x0f,
  messageQueueFull: 0x14,
  throttled: 0x58,
  temporaryAppError: 0x64,
} as const;

/** data_coding values; 0x0F is KS C 5601 (Korean) in SMPP, never GBK, so it is never sent. */
export const SmppDataCoding = {
  smscDefault: 0x00,
  ia5: 0x01,
  binary8: 0x02,
  latin1: 0x03,
  binary: 0x04,
  ucs2: 0x08,
} as const;

export const SMPP_ESM_UDHI = 0x40;
export const SMPP_ESM_DELIVERY_RECEIPT = 0x04;
/** Bits 2–5 of esm_class carry the message type (receipt, acknowledgement, ...). */
export const SMPP_ESM_MESSAGE_TYPE_MASK = 0x3c;
export const SMPP_INTERFACE_VERSION = 0x34;
