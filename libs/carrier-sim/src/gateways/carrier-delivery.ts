/** A status report the gateway owes an SP for one destination of one accepted submit. */
export interface ReportDelivery {
  kind: 'report';
  /** Protocol-native id bytes (CMPP 8, SMGP 10) or the SMPP/SGIP id string, echoed in the report. */
  messageId: Buffer | string;
  stat: string;
  destination: string;
  /** The SP number the submit came from (Src_Id / SrcTermID / source_addr). */
  source: string;
  serviceId: string;
  submittedAt: number;
  doneAt: number;
}

/** One segment of a mobile-originated message. */
export interface MoDelivery {
  kind: 'mo';
  from: string;
  to: string;
  msgFmt: number;
  udhi: boolean;
  content: Buffer;
}

export type CarrierDelivery = ReportDelivery | MoDelivery;
