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
});
