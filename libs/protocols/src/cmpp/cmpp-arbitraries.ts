import fc from 'fast-check';
import { bytes, fixedBytes, list, octets, u32, u8 } from '../core/arbitraries';
import { CmppCommand, CmppVersion } from './cmpp-command';
import { CmppPdu } from './cmpp-pdu';

/** Test-only: one arbitrary per CMPP PDU type, producing values the given version can represent exactly. */
export function cmppArbitraries(version: CmppVersion): Record<string, fc.Arbitrary<CmppPdu>> {
  const v3 = version === 3;
  const terminalId = octets(v3 ? 32 : 21);
  const status = v3 ? u32 : u8;
  const seq = u32;
  const v3Only = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    v3 ? arb : fc.constant(undefined);
  const strip = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  const deliverCommon = {
    commandId: fc.constant(CmppCommand.Deliver as const),
    sequenceId: seq,
    msgId: fixedBytes(8),
    destId: octets(21),
    serviceId: octets(10),
    tpPid: u8,
    tpUdhi: u8,
    msgFmt: u8,
    srcTerminalId: terminalId,
    srcTerminalType: v3Only(u8),
    linkId: v3Only(octets(20)),
  };
  return {
    connect: fc.record({
      commandId: fc.constant(CmppCommand.Connect as const),
      sequenceId: seq,
      sourceAddr: octets(6),
      authenticatorSource: fixedBytes(16),
      version: u8,
      timestamp: u32,
    }),
    connectResp: fc.record({
      commandId: fc.constant(CmppCommand.ConnectResp as const),
      sequenceId: seq,
      status,
      authenticatorIsmg: fixedBytes(16),
      version: u8,
    }),
    submit: fc
      .record({
        commandId: fc.constant(CmppCommand.Submit as const),
        sequenceId: seq,
        msgId: fixedBytes(8),
        pkTotal: u8,
        pkNumber: u8,
        registeredDelivery: u8,
        msgLevel: u8,
        serviceId: octets(10),
        feeUserType: u8,
        feeTerminalId: terminalId,
        feeTerminalType: v3Only(u8),
        tpPid: u8,
        tpUdhi: u8,
        msgFmt: u8,
        msgSrc: octets(6),
        feeType: octets(2),
        feeCode: octets(6),
        validTime: octets(17),
        atTime: octets(17),
        srcId: octets(21),
        destTerminalIds: list(terminalId, 1, 5),
        destTerminalType: v3Only(u8),
        msgContent: bytes(255),
        linkId: v3Only(octets(20)),
      })
      .map(strip),
    submitResp: fc.record({
      commandId: fc.constant(CmppCommand.SubmitResp as const),
      sequenceId: seq,
      msgId: fixedBytes(8),
      result: status,
    }),
    moDeliver: fc
      .record({ ...deliverCommon, registeredDelivery: fc.constant(0 as const), msgContent: bytes(255) })
      .map(strip),
    reportDeliver: fc
      .record({
        ...deliverCommon,
        registeredDelivery: fc.constant(1 as const),
        report: fc.record({
          msgId: fixedBytes(8),
          stat: octets(7),
          submitTime: octets(10),
          doneTime: octets(10),
          destTerminalId: terminalId,
          smscSequence: u32,
        }),
      })
      .map(strip),
    deliverResp: fc.record({
      commandId: fc.constant(CmppCommand.DeliverResp as const),
      sequenceId: seq,
      msgId: fixedBytes(8),
      result: status,
    }),
    query: fc.record({
      commandId: fc.constant(CmppCommand.Query as const),
      sequenceId: seq,
      time: octets(8),
      queryType: u8,
      queryCode: octets(10),
    }),
    queryResp: fc.record({
      commandId: fc.constant(CmppCommand.QueryResp as const),
      sequenceId: seq,
      time: octets(8),
      queryType: u8,
      queryCode: octets(10),
      mtTlMsg: u32,
      mtTlUsr: u32,
      mtScs: u32,
      mtWt: u32,
      mtFl: u32,
      moScs: u32,
      moWt: u32,
      moFl: u32,
    }),
    cancel: fc.record({
      commandId: fc.constant(CmppCommand.Cancel as const),
      sequenceId: seq,
      msgId: fixedBytes(8),
    }),
    cancelResp: fc.record({
      commandId: fc.constant(CmppCommand.CancelResp as const),
      sequenceId: seq,
      successId: status,
    }),
    activeTest: fc.record({ commandId: fc.constant(CmppCommand.ActiveTest as const), sequenceId: seq }),
    activeTestResp: fc.record({
      commandId: fc.constant(CmppCommand.ActiveTestResp as const),
      sequenceId: seq,
    }),
    terminate: fc.record({ commandId: fc.constant(CmppCommand.Terminate as const), sequenceId: seq }),
    terminateResp: fc.record({ commandId: fc.constant(CmppCommand.TerminateResp as const), sequenceId: seq }),
  };
}
