import {
  CmppCodec,
  CmppCommand,
  CmppConnectResp,
  CmppPdu,
  CmppSubmit,
  CmppSubmitResp,
  cmppAuthenticatorSource,
  createCmppCodec,
} from '@tongdao/protocols';
import { encodeText } from '@tongdao/sms';
import { RawPduClient } from './raw-pdu-client';

export const CMPP_TIMESTAMP = 101_093_000; // 0101 09:30:00 → "0101093000", exercises the zero padding

let sequence = 1;

export function cmppCodec(version: 2 | 3): CmppCodec {
  return createCmppCodec({ version });
}

export async function cmppLogin(
  client: RawPduClient<CmppPdu>,
  version: 2 | 3,
  account = '900001',
  secret = 'simpass1',
): Promise<CmppConnectResp> {
  const sequenceId = sequence++;
  client.send({
    commandId: CmppCommand.Connect,
    sequenceId,
    sourceAddr: account,
    authenticatorSource: cmppAuthenticatorSource(account, secret, CMPP_TIMESTAMP),
    version: version === 3 ? 0x30 : 0x20,
    timestamp: CMPP_TIMESTAMP,
  });
  return (await client.next(
    (pdu) => pdu.commandId === CmppCommand.ConnectResp && pdu.sequenceId === sequenceId,
  )) as CmppConnectResp;
}

export function cmppSubmitPdu(
  version: 2 | 3,
  destination: string,
  content: Buffer,
  extra: Partial<CmppSubmit> = {},
): CmppSubmit {
  return {
    commandId: CmppCommand.Submit,
    sequenceId: sequence++,
    msgId: Buffer.alloc(8),
    pkTotal: 1,
    pkNumber: 1,
    registeredDelivery: 1,
    msgLevel: 0,
    serviceId: 'TONGDAO',
    feeUserType: 0,
    feeTerminalId: '',
    tpPid: 0,
    tpUdhi: 0,
    msgFmt: 8,
    msgSrc: '900001',
    feeType: '01',
    feeCode: '0',
    validTime: '',
    atTime: '',
    srcId: '1069000001',
    destTerminalIds: [destination],
    msgContent: content,
    ...(version === 3 ? { feeTerminalType: 0, destTerminalType: 0, linkId: '' } : {}),
    ...extra,
  };
}

export async function cmppSubmit(
  client: RawPduClient<CmppPdu>,
  version: 2 | 3,
  destination: string,
  text: string,
  extra: Partial<CmppSubmit> = {},
): Promise<CmppSubmitResp> {
  const pdu = cmppSubmitPdu(version, destination, encodeText(text, 'UCS2'), extra);
  client.send(pdu);
  return (await client.next(
    (response) => response.commandId === CmppCommand.SubmitResp && response.sequenceId === pdu.sequenceId,
  )) as CmppSubmitResp;
}
