import { RecorderConfig } from '../config/simulator-config';
import { BoundedFifoMap } from './bounded-fifo-map';
import { ReceivedMessage, ReceivedSegment, ReceivedSummary } from './received-message';

interface PendingLongMessage {
  parts: Array<ReceivedSegment | undefined>;
  received: number;
}

export interface ReceivedQuery {
  destination?: string;
  /** Most recent N messages; all retained messages when omitted. */
  limit?: number;
}

/**
 * Records every submit a gateway accepts, per segment and as reassembled logical messages, and counts duplicates
 * so tests and benchmarks can prove each message arrived exactly once. Counters are exact; retained detail is capped.
 */
export class MessageRecorder {
  private readonly retained: ReceivedMessage[] = [];
  private retainedStart = 0;
  private readonly byDestination = new Map<string, ReceivedMessage[]>();
  private readonly seenKeys: BoundedFifoMap<string, true>;
  private readonly pending: BoundedFifoMap<string, PendingLongMessage>;
  private messages = 0;
  private segments = 0;
  private duplicates = 0;
  private duplicateSegments = 0;

  constructor(private readonly config: RecorderConfig) {
    this.seenKeys = new BoundedFifoMap(config.maxDuplicateKeys);
    this.pending = new BoundedFifoMap(config.maxPendingLongMessages);
  }

  record(segment: ReceivedSegment): void {
    this.segments += 1;
    const malformed = segment.segmentIndex < 1 || segment.segmentIndex > segment.segmentTotal;
    if (segment.segmentTotal <= 1 || segment.concatReference === null || malformed) {
      this.complete([segment]);
      return;
    }
    this.recordPart(segment);
  }

  summary(): ReceivedSummary {
    return {
      messages: this.messages,
      segments: this.segments,
      duplicates: this.duplicates,
      duplicateSegments: this.duplicateSegments,
      incomplete: this.pending.size,
      retained: this.retained.length - this.retainedStart,
    };
  }

  query(query: ReceivedQuery = {}): ReceivedMessage[] {
    const source =
      query.destination === undefined
        ? this.retained.slice(this.retainedStart)
        : (this.byDestination.get(query.destination) ?? []);
    return query.limit === undefined
      ? source.slice()
      : source.slice(Math.max(0, source.length - query.limit));
  }

  clear(): void {
    this.retained.length = 0;
    this.retainedStart = 0;
    this.byDestination.clear();
    this.seenKeys.clear();
    this.pending.clear();
    this.messages = 0;
    this.segments = 0;
    this.duplicates = 0;
    this.duplicateSegments = 0;
  }

  private recordPart(segment: ReceivedSegment): void {
    const key = `${segment.account}\u0000${segment.source}\u0000${segment.destination}\u0000${segment.concatReference}\u0000${segment.segmentTotal}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { parts: new Array(segment.segmentTotal), received: 0 };
      this.pending.set(key, entry);
    }
    const slot = segment.segmentIndex - 1;
    if (entry.parts[slot]) {
      this.duplicateSegments += 1;
      return;
    }
    entry.parts[slot] = segment;
    entry.received += 1;
    if (entry.received === entry.parts.length) {
      this.pending.delete(key);
      this.complete(entry.parts as ReceivedSegment[]);
    }
  }

  private complete(parts: ReceivedSegment[]): void {
    const first = parts[0];
    // Single SMS are nearly all traffic (one per submit under load), so they skip the joins and maps.
    const single = parts.length === 1;
    const text = single ? first.text : parts.map((part) => part.text).join('');
    let completedAt = first.receivedAt;
    for (let i = 1; i < parts.length; i++)
      if (parts[i].receivedAt > completedAt) completedAt = parts[i].receivedAt;
    const message: ReceivedMessage = {
      account: first.account,
      source: first.source,
      destination: first.destination,
      text,
      segmentCount: parts.length,
      messageIds: single ? [first.messageId] : parts.map((part) => part.messageId),
      firstReceivedAt: first.receivedAt,
      completedAt,
      segments: parts,
    };
    this.messages += 1;
    this.countDuplicate(message);
    this.retain(message);
  }

  private countDuplicate(message: ReceivedMessage): void {
    const key = `${message.destination}\u0000${message.text}`;
    if (this.seenKeys.has(key)) this.duplicates += 1;
    else this.seenKeys.set(key, true);
  }

  private retain(message: ReceivedMessage): void {
    this.retained.push(message);
    const list = this.byDestination.get(message.destination);
    if (list) list.push(message);
    else this.byDestination.set(message.destination, [message]);
    if (this.retained.length - this.retainedStart > this.config.maxMessages) this.evictOldest();
  }

  /** Advances a start index instead of shifting, compacting occasionally so eviction stays O(1) amortised. */
  private evictOldest(): void {
    const oldest = this.retained[this.retainedStart];
    this.retainedStart += 1;
    const list = this.byDestination.get(oldest.destination);
    if (list) {
      list.shift();
      if (list.length === 0) this.byDestination.delete(oldest.destination);
    }
    if (this.retainedStart > 1024 && this.retainedStart * 2 > this.retained.length) {
      this.retained.splice(0, this.retainedStart);
      this.retainedStart = 0;
    }
  }
}
