import { CmppVersion } from './cmpp-command';

/** The field widths that differ between CMPP 2.0 and 3.0. */
export interface CmppLayout {
  version: CmppVersion;
  protocol: 'cmpp2' | 'cmpp3';
  terminalIdSize: 21 | 32;
  /** Status in CONNECT_RESP, Result in SUBMIT_RESP / DELIVER_RESP. */
  statusSize: 1 | 4;
  cancelSuccessIdSize: 1 | 4;
  /** Typed-terminal bytes (Fee_terminal_type, Dest_terminal_type, Src_terminal_type) exist on 3.0 only. */
  hasTerminalTypes: boolean;
  /** 2.0 ends SUBMIT/DELIVER with Reserve(8), 3.0 with LinkID(20). */
  trailerSize: 8 | 20;
}

export const CMPP_STATUS_REPORT_LENGTH_V2 = 60;
export const CMPP_STATUS_REPORT_LENGTH_V3 = 71;

export function cmppLayout(version: CmppVersion, cancelSuccessIdSize?: 1 | 4): CmppLayout {
  const v3 = version === 3;
  return {
    version,
    protocol: v3 ? 'cmpp3' : 'cmpp2',
    terminalIdSize: v3 ? 32 : 21,
    statusSize: v3 ? 4 : 1,
    cancelSuccessIdSize: cancelSuccessIdSize ?? (v3 ? 4 : 1),
    hasTerminalTypes: v3,
    trailerSize: v3 ? 20 : 8,
  };
}
