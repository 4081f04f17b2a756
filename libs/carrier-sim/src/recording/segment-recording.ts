import { WireCoding } from '@tongdao/sms';
import { decodeSegment } from '../text/segment-text';
import { MessageRecorder } from './message-recorder';

export interface SubmitRecordInput {
  account: string;
  source: string;
  destinations: readonly string[];
  content: Buffer;
  coding: WireCoding;
  udhi: boolean;
  messageId: string;
  receivedAt: number;
}

/** Decodes a submit's content once and records it for every destination it addresses. */
export function recordSubmit(recorder: MessageRecorder, input: SubmitRecordInput): void {
  const decoded = decodeSegment(input.content, input.coding, input.udhi);
  for (const destination of input.destinations) {
    recorder.record({
      account: input.account,
      source: input.source,
      destination,
      text: decoded.text,
      segmentIndex: decoded.segmentIndex,
      segmentTotal: decoded.segmentTotal,
      concatReference: decoded.concatReference,
      messageId: input.messageId,
      receivedAt: input.receivedAt,
    });
  }
}
