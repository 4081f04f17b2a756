import { CarrierCode, MessageKind } from '@tongdao/routing';

export interface ClaimedMessage {
  id: string;
  /** The partition key exactly as PostgreSQL prints it: a JS Date would drop its microseconds. */
  createdAt: string;
  accountId: string;
  phone: string;
  content: string;
  kind: MessageKind;
  carrier: CarrierCode | null;
  attempts: number;
  segments: number;
}
