import { CarrierCode, MessageKind } from '@tongdao/routing';

export interface ClaimedMessage {
  id: string;
  createdAt: Date;
  accountId: string;
  phone: string;
  content: string;
  kind: MessageKind;
  carrier: CarrierCode | null;
  attempts: number;
  segments: number;
}
