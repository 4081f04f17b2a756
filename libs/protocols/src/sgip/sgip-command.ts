export enum SgipCommand {
  Bind = 0x00000001,
  BindResp = 0x80000001,
  Unbind = 0x00000002,
  UnbindResp = 0x80000002,
  Submit = 0x00000003,
  SubmitResp = 0x80000003,
  Deliver = 0x00000004,
  DeliverResp = 0x80000004,
  Report = 0x00000005,
  ReportResp = 0x80000005,
  UserRpt = 0x00000011,
  UserRptResp = 0x80000011,
  Trace = 0x00001000,
  TraceResp = 0x80001000,
}

/** Bind Login Type: who opens the connection and in which direction commands flow. */
export enum SgipLoginType {
  SpToSmg = 1,
  SmgToSp = 2,
  SmgToSmg = 3,
  SmgToGns = 4,
  GnsToSmg = 5,
  GnsPrimaryBackup = 6,
  Test = 11,
}
