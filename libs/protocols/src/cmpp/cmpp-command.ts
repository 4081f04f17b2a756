export enum CmppCommand {
  Connect = 0x00000001,
  ConnectResp = 0x80000001,
  Terminate = 0x00000002,
  TerminateResp = 0x80000002,
  Submit = 0x00000004,
  SubmitResp = 0x80000004,
  Deliver = 0x00000005,
  DeliverResp = 0x80000005,
  Query = 0x00000006,
  QueryResp = 0x80000006,
  Cancel = 0x00000007,
  CancelResp = 0x80000007,
  ActiveTest = 0x00000008,
  ActiveTestResp = 0x80000008,
}

/** Version byte: high nibble major, low nibble minor. */
export const CMPP_VERSION_20 = 0x20;
export const CMPP_VERSION_30 = 0x30;

export type CmppVersion = 2 | 3;
