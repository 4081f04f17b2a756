import { ProtocolDecodeError } from '../core';
import { SmppCodec } from './smpp-codec';

describe('SmppCodec', () => {
  const codec = new SmppCodec();

  it('round-trips a submit_sm with a raw UCS2 short_message and UDHI', () => {
    const content = Buffer.concat([Buffer.from([5, 0, 3, 1, 2, 1]), Buffer.from('4f60597d', 'hex')]);
    const frame = codec.encode({
      command: 'submit_sm',
      command_status: 0,
      sequence_number: 7,
      destination_addr: '8613800138000',
      esm_class: 0x40,
      data_coding: 8,
      short_message: content,
    });
    const decoded = codec.decode(frame);
    expect(decoded).toMatchObject({
      command: 'submit_sm',
      sequence_number: 7,
      esm_class: 0x40,
      data_coding: 8,
    });
    expect(decoded.short_message).toEqual(content);
  });

  it('keeps a data_coding 0x0F body as raw bytes instead of guessing a charset', () => {
    const body = Buffer.from([0xb0, 0xa1]);
    const frame = codec.encode({
      command: 'deliver_sm',
      command_status: 0,
      sequence_number: 1,
      data_coding: 0x0f,
      short_message: body,
    });
    expect(codec.decode(frame).short_message).toEqual(body);
  });

  it('decodes the receipted_message_id TLV', () => {
    const frame = codec.encode({
      command: 'deliver_sm',
      command_status: 0,
      sequence_number: 2,
      esm_class: 4,
      short_message: Buffer.from('id:1 stat:DELIVRD'),
      receipted_message_id: 'abc123',
    });
    expect(codec.decode(frame)).toMatchObject({ receipted_message_id: 'abc123' });
  });

  it('reports an unknown command id as "unknown" rather than throwing', () => {
    const frame = Buffer.alloc(16);
    frame.writeUInt32BE(16, 0);
    frame.writeUInt32BE(0x12345678, 4);
    expect(codec.decode(frame).command).toBe('unknown');
  });

  it('turns a malformed body into ProtocolDecodeError', () => {
    const frame = Buffer.alloc(17);
    frame.writeUInt32BE(40, 0);
    frame.writeUInt32BE(0x00000004, 4);
    frame[16] = 0x41;
    expect(() => codec.decode(frame)).toThrow(ProtocolDecodeError);
  });

  it('keeps the mandatory body of a response whatever its command_status', () => {
    const bindResp = codec.encode({
      command: 'bind_transceiver_resp',
      command_status: 0x0e,
      sequence_number: 9,
      system_id: 'TONGDAO',
    });
    expect(bindResp.toString('hex')).toBe(
      '00000018' + '80000009' + '0000000e' + '00000009' + Buffer.from('TONGDAO\0').toString('hex'),
    );
    const submitResp = codec.encode({ command: 'submit_sm_resp', command_status: 0x58, sequence_number: 3 });
    expect(submitResp.toString('hex')).toBe('00000011' + '80000004' + '00000058' + '00000003' + '00');
    expect(codec.decode(submitResp)).toMatchObject({ command_status: 0x58, message_id: '' });
    const nack = codec.encode({ command: 'generic_nack', command_status: 0x03, sequence_number: 4 });
    expect(nack.toString('hex')).toBe('00000010' + '80000000' + '00000003' + '00000004');
  });
});
