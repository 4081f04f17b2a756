import fc from 'fast-check';
import { bytes, list, octets, u32, u8 } from '../core/arbitraries';
import { SgipCommand } from './sgip-command';
import { SgipPdu } from './sgip-pdu';

/** Test-only: one arbitrary per SGIP PDU type. */
export const sgipSequenceArbitrary = fc.record({ nodeId: u32, timestamp: u32, sequence: u32 });

const resultResp = (commandId: SgipCommand) =>
  fc.record({
    commandId: fc.constant(commandId),
    sequence: sgipSequenceArbitrary,
    result: u8,
  }) as fc.Arbitrary<SgipPdu>;
const headerOnly = (commandId: SgipCommand) =>
  fc.record({ commandId: fc.constant(commandId), sequence: sgipSequenceArbitrary }) as fc.Arbitrary<SgipPdu>;

export function sgipArbitraries(): Record<string, fc.Arbitrary<SgipPdu>> {
  const sequence = sgipSequenceArbitrary;
  return {
    bind: fc.record({
      commandId: fc.constant(SgipCommand.Bind as const),
      sequence,
      loginType: u8,
      loginName: octets(16),
      loginPassword: octets(16),
    }),
    bindResp: resultResp(SgipCommand.BindResp),
    unbind: headerOnly(SgipCommand.Unbind),
    unbindResp: headerOnly(SgipCommand.UnbindResp),
    submit: fc.record({
      commandId: fc.constant(SgipCommand.Submit as const),
      sequence,
      spNumber: octets(21),
      chargeNumber: octets(21),
      userNumbers: list(octets(21), 1, 5),
      corpId: octets(5),
      serviceType: octets(10),
      feeType: u8,
      feeValue: octets(6),
      givenValue: octets(6),
      agentFlag: u8,
      morelatetoMtFlag: u8,
      priority: u8,
      expireTime: octets(16),
      scheduleTime: octets(16),
      reportFlag: u8,
      tpPid: u8,
      tpUdhi: u8,
      messageCoding: u8,
      messageType: u8,
      messageContent: bytes(400),
    }),
    submitResp: resultResp(SgipCommand.SubmitResp),
    deliver: fc.record({
      commandId: fc.constant(SgipCommand.Deliver as const),
      sequence,
      userNumber: octets(21),
      spNumber: octets(21),
      tpPid: u8,
      tpUdhi: u8,
      messageCoding: u8,
      messageContent: bytes(400),
    }),
    deliverResp: resultResp(SgipCommand.DeliverResp),
    report: fc.record({
      commandId: fc.constant(SgipCommand.Report as const),
      sequence,
      submitSequence: sgipSequenceArbitrary,
      reportType: u8,
      userNumber: octets(21),
      state: u8,
      errorCode: u8,
    }),
    reportResp: resultResp(SgipCommand.ReportResp),
    userRpt: fc.record({
      commandId: fc.constant(SgipCommand.UserRpt as const),
      sequence,
      spNumber: octets(21),
      userNumber: octets(21),
      userCondition: u8,
    }),
    userRptResp: resultResp(SgipCommand.UserRptResp),
    trace: fc.record({
      commandId: fc.constant(SgipCommand.Trace as const),
      sequence,
      submitSequence: sgipSequenceArbitrary,
      userNumber: octets(21),
    }),
    traceResp: fc.record({
      commandId: fc.constant(SgipCommand.TraceResp as const),
      sequence,
      count: u8,
      result: u8,
      nodeId: octets(6),
      receiveTime: octets(16),
      sendTime: octets(16),
    }),
  };
}
