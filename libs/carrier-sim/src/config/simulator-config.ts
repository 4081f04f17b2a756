export const GATEWAY_PROTOCOLS = ['cmpp2', 'cmpp3', 'sgip', 'smgp', 'smpp'] as const;
export type GatewayProtocol = (typeof GATEWAY_PROTOCOLS)[number];

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

export interface DelayBucket extends LatencyRange {
  weight: number;
}

/** Either a uniform range or weighted buckets (e.g. 90% within 1 s, 9% within 30 s, 1% after 5 min). */
export type ReportDelaySpec = LatencyRange | { buckets: DelayBucket[] };

/** A submit result forced for a fraction of submits, e.g. CMPP 8 (flow control) for 2%. */
export interface ForcedResult {
  code: number;
  fraction: number;
}

export interface GatewayBehaviour {
  submitLatency: LatencyRange;
  reportDelay: ReportDelaySpec;
  /** Keyed by the 7-character report state: DELIVRD, UNDELIV, EXPIRED, REJECTD or raw carrier codes such as MK:0001. */
  outcomes: Record<string, number>;
  forcedResults: ForcedResult[];
  /** Submits per second accepted per gateway; null means unlimited. */
  tpsCap: number | null;
  /** Result returned to submits over the TPS cap. */
  flowControlResult: number;
  /** Close a connection once it has carried this many submits; null disables. */
  dropAfterSubmits: number | null;
  /** Probability (0..1) that a submit closes its connection instead of being answered. */
  dropProbability: number;
  /** Accept TCP connections but never answer or send anything. */
  blackHole: boolean;
  maxConnectionsPerAccount: number;
  /** Interval of the simulator's own keep-alives on an idle connection; 0 disables. */
  keepAliveIntervalMs: number;
}

export interface GatewayAccount {
  account: string;
  secret: string;
}

/** Where the SGIP SMG connects to deliver reports and MOs (the SP runs this server). */
export interface SgipReceiverTarget {
  host: string;
  port: number;
  account: string;
  secret: string;
}

export interface GatewayConfig {
  name: string;
  protocol: GatewayProtocol;
  host: string;
  port: number;
  accounts: GatewayAccount[];
  behaviour: GatewayBehaviour;
  /** CMPP ISMG code (22 bits) or SMGP SMGW code (6 digits) or SGIP node id, depending on the protocol. */
  gatewayCode: number;
  /** SGIP only: the SP receiver the simulator reports to. */
  sgipReceiver?: SgipReceiverTarget;
  /** Largest frame accepted before the connection is considered garbage. */
  maxFrameBytes: number;
  /** Reports kept for an account with no connection able to take them. */
  maxPendingReports: number;
}

export interface RecorderConfig {
  /** Most logical messages (and their segments) retained for queries; counters keep counting past it. */
  maxMessages: number;
  /** Most distinct (destination, text) keys remembered for duplicate detection. */
  maxDuplicateKeys: number;
  /** Most partially received long messages held for reassembly. */
  maxPendingLongMessages: number;
}

export interface SimulatorConfig {
  controlApi: { host: string; port: number; enabled: boolean };
  recorder: RecorderConfig;
  gateways: GatewayConfig[];
}
