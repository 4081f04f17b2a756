import type { SubmitSegment } from '../session/protocol-driver';
import { SmppDriver } from './smpp-driver';

const driver = new SmppDriver({ account: 'esme', password: 'pw' });

const segment = (overrides: Partial<SubmitSegment> = {}): SubmitSegment => ({
  destination: '8613800138000',
  source: '10690',
  coding: 'UCS2',
  content: Buffer.from('4f60', 'hex'),
  udhi: false,
  index: 1,
  total: 1,
  requestReport: true,
  ...overrides,
});

describe('SmppDriver', () => {
  it('sends UCS2 as data_coding 8 and refuses GBK, which SMPP would read as Korean', () => {
    expect(driver.submit(segment()).pdu).toMatchObject({
      data_coding: 8,
      esm_class: 0,
      registered_delivery: 1,
    });
    expect(driver.submit(segment({ coding: 'ASCII', udhi: true })).pdu).toMatchObject({
      data_coding: 1,
      esm_class: 0x40,
    });
    expect(driver.supportsCoding('GBK')).toBe(false);
    expect(() => driver.submit(segment({ coding: 'GBK' }))).toThrow(/Korean/);
  });

  it('prefers the receipted_message_id and message_state TLVs over the receipt text', () => {
    const classified = driver.classify({
      command: 'deliver_sm',
      command_status: 0,
      sequence_number: 5,
      esm_class: 0x04,
      source_addr: '8613800138000',
      short_message: Buffer.from('id:TEXTID stat:DELIVRD err:000'),
      receipted_message_id: 'TLVID',
      message_state: 5,
    });
    expect(classified).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: 'TLVID', stat: 'UNDELIV', delivered: false, errorCode: '000' },
      reply: { command: 'deliver_sm_resp', sequence_number: 5 },
    });
  });

  it('falls back to the receipt text and acknowledges an unparseable receipt without a report', () => {
    const fromText = driver.classify({
      command: 'deliver_sm',
      command_status: 0,
      sequence_number: 6,
      esm_class: 0x04,
      source_addr: '8613800138000',
      short_message: Buffer.from(
        'id:ABC sub:001 dlvrd:001 submit date:2611221330 done date:2611221331 stat:EXPIRED err:001',
      ),
    });
    expect(fromText).toMatchObject({ kind: 'report', report: { carrierMessageId: 'ABC', stat: 'EXPIRED' } });
    const junk = driver.classify({
      command: 'deliver_sm',
      command_status: 0,
      sequence_number: 7,
      esm_class: 0x04,
      short_message: Buffer.from('nothing useful'),
    });
    expect(junk).toMatchObject({ kind: 'other', reply: { command: 'deliver_sm_resp' } });
  });

  it('answers unknown commands with generic_nack and matches responses by sequence', () => {
    expect(driver.classify({ command: 'unknown', command_status: 0, sequence_number: 9 })).toMatchObject({
      kind: 'other',
      reply: { command: 'generic_nack', command_status: 3, sequence_number: 9 },
    });
    expect(
      driver.classify({
        command: 'submit_sm_resp',
        command_id: 0x80000004,
        command_status: 0,
        sequence_number: 11,
      }),
    ).toEqual({ kind: 'response', key: '11' });
  });

  it('marks throttling as retryable and reports the bind status', () => {
    expect(
      driver.submitOutcome({ command: 'submit_sm_resp', command_status: 0x58, sequence_number: 1 }),
    ).toMatchObject({ ok: false, resultCode: 0x58, retryable: true });
    expect(
      driver.loginOutcome({ command: 'bind_transceiver_resp', command_status: 0x0e, sequence_number: 1 }),
    ).toEqual({ ok: false, status: 0x0e, detail: 'invalid password' });
  });
});
