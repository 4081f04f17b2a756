/** One submit PDU's worth of message for one destination, as the carrier saw it. */
export interface ReceivedSegment {
  account: string;
  source: string;
  destination: string;
  /** Decoded text of this segment only, UDH removed. */
  text: string;
  /** 1-based position within the long message (1 of 1 for a single SMS). */
  segmentIndex: number;
  segmentTotal: number;
  /** UDH concatenation reference, null for a single SMS. */
  concatReference: number | null;
  messageId: string;
  receivedAt: number;
}

/** A logical message: a single SMS or a long one reassembled from all its segments. */
export interface ReceivedMessage {
  account: string;
  source: string;
  destination: string;
  text: string;
  segmentCount: number;
  messageIds: string[];
  firstReceivedAt: number;
  completedAt: number;
  segments: ReceivedSegment[];
}

export interface ReceivedSummary {
  /** Logical messages completed (long messages count once). */
  messages: number;
  /** Submit segments received. */
  segments: number;
  /** Logical messages whose (destination, text) had been received before. */
  duplicates: number;
  /** Segments received again for a long message still being reassembled. */
  duplicateSegments: number;
  /** Long messages still missing segments. */
  incomplete: number;
  /** Logical messages currently retained for queries (bounded by the recorder cap). */
  retained: number;
}
