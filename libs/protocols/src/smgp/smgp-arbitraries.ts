import fc from 'fast-check';
import { bytes, fixedBytes, list, octets, u32, u8 } from '../core/arbitraries';
import { SmgpCommand } from './smgp-command';
import { SmgpPdu } from './smgp-pdu';

/** Test-only: one arbitrary per SMGP PDU type. */
const tlvs = list(fc.record({ tag: fc.integer({ min: 0, max: 0xffff }), value: bytes(24) }), 0, 4);
const headerOnly = (commandId: SmgpCommand) =>
  fc.record({ commandId: fc.constant(commandId), sequenceId: u32 }) as fc.Arbitrary<SmgpPdu>;

export function smgpArbitraries(): Record<string, fc.Arbitrary<SmgpPdu>> {
  const sequenceId = u32;
  const deliverCommon = {
    commandId: fc.constant(SmgpCommand.Deliver as const),
    sequenceId,
    msgId: fixedBytes(10),
    msgFormat: u8,
    recvTime: octets(14),
    srcTermId: octets(21),
    destTermId: octets(21),
    tlvs,
  };
  return {
    login: fc.record({
      commandId: fc.constant(SmgpCommand.Login as const),
      sequenceId,
      clientId: octets(8),
      authenticatorClient: fixedBytes(16),
      loginMode: u8,
      timestamp: u32,
      clientVersion: u8,
    }),
    loginResp: fc.record({
      commandId: fc.constant(SmgpCommand.LoginResp as const),
      sequenceId,
      status: u32,
      authenticatorServer: fixedBytes(16),
      serverVersion: u8,
    }),
    submit: fc.record({
      commandId: fc.constant(SmgpCommand.Submit as const),
      sequenceId,
      msgType: u8,
      needReport: u8,
      priority: u8,
      serviceId: octets(10),
      feeType: octets(2),
      feeCode: octets(6),
      fixedFee: octets(6),
      msgFormat: u8,
      validTime: octets(17),
      atTime: octets(17),
      srcTermId: octets(21),
      chargeTermId: octets(21),
      destTermIds: list(octets(21), 1, 5),
      msgContent: bytes(255),
      tlvs,
    }),
    submitResp: fc.record({
      commandId: fc.constant(SmgpCommand.SubmitResp as const),
      sequenceId,
      msgId: fixedBytes(10),
      status: u32,
    }),
    moDeliver: fc.record({ ...deliverCommon, isReport: fc.constant(0 as const), msgContent: bytes(255) }),
    reportDeliver: fc.record({
      ...deliverCommon,
      isReport: fc.constant(1 as const),
      report: fc.record({
        msgId: fixedBytes(10),
        sub: octets(3),
        dlvrd: octets(3),
        submitDate: octets(10),
        doneDate: octets(10),
        stat: octets(7),
        err: octets(3),
        text: octets(20),
      }),
    }),
    deliverResp: fc.record({
      commandId: fc.constant(SmgpCommand.DeliverResp as const),
      sequenceId,
      msgId: fixedBytes(10),
      status: u32,
    }),
    activeTest: headerOnly(SmgpCommand.ActiveTest),
    activeTestResp: headerOnly(SmgpCommand.ActiveTestResp),
    exit: headerOnly(SmgpCommand.Exit),
    exitResp: headerOnly(SmgpCommand.ExitResp),
  };
}
