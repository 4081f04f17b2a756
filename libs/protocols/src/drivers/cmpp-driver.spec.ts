import { CmppCommand, cmppAuthenticatorSource, createCmppCodec } from '../cmpp';
import type { SubmitSegment } from '../session/protocol-driver';
import { CmppDriver } from './cmpp-driver';

const clock = () => new Date('2026-11-19T08:28:50Z');

const segment: SubmitSegment = {
  destination: '13800138000',
  source: '1069001',
  coding: 'GBK',
  content: Buffer.from('c4e3bac3', 'hex'),
  udhi: false,
  index: 1,
  total: 1,
  requestReport: false,
};

describe('CmppDriver', () => {
  it('logs in with the MD5 authenticator over a Beijing-time timestamp', () => {
    const driver = new CmppDriver({ version: 3, account: '900001', password: '888888', clock });
    const { pdu } = driver.login();
    expect(pdu).toMatchObject({
      commandId: CmppCommand.Connect,
      sourceAddr: '900001',
      version: 0x30,
      timestamp: 1119162850,
    });
    expect(pdu.commandId === CmppCommand.Connect && pdu.authenticatorSource).toEqual(
      cmppAuthenticatorSource('900001', '888888', 1119162850),
    );
  });

  it('builds submits that both CMPP versions can encode', () => {
    for (const version of [2, 3] as const) {
      const driver = new CmppDriver({ version, account: '900001', password: 'x', serviceId: 'SVC' });
      const request = driver.submit(segment);
      expect(request.pdu).toMatchObject({ msgFmt: 15, registeredDelivery: 0, pkTotal: 1, serviceId: 'SVC' });
      expect(() => createCmppCodec({ version }).encode(request.pdu)).not.toThrow();
    }
  });

  it('treats flow control (8) as retryable and other failures as final', () => {
    const driver = new CmppDriver({ version: 3, account: '900001', password: 'x' });
    const request = driver.submit(segment);
    const resp = (result: number) => ({
      commandId: CmppCommand.SubmitResp as const,
      sequenceId: 1,
      msgId: Buffer.from('b2b9da8000010000', 'hex'),
      result,
    });
    expect(driver.submitOutcome(resp(0))).toEqual({
      ok: true,
      carrierMessageId: '12878564852733378560',
      resultCode: 0,
      retryable: false,
    });
    expect(driver.submitOutcome(resp(8))).toMatchObject({ ok: false, retryable: true });
    expect(driver.submitOutcome(resp(13))).toMatchObject({ ok: false, retryable: false });
    expect(request.key).toBe(String(request.pdu.sequenceId));
  });
});
