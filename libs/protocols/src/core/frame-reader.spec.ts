import { createCmppCodec, CmppCommand, CmppPdu } from '../cmpp';
import { createSgipCodec, SgipCommand, SgipPdu } from '../sgip';
import { FrameReader } from './frame-reader';
import { PduCodec } from './pdu-codec';
import { ProtocolDecodeError } from './protocol-decode-error';

function collect<P>(codec: PduCodec<P>) {
  const pdus: P[] = [];
  const errors: ProtocolDecodeError[] = [];
  const reader = new FrameReader(codec, {
    onPdu: (pdu) => pdus.push(pdu),
    onError: (err) => errors.push(err),
  });
  return { reader, pdus, errors };
}

const cmpp = createCmppCodec({ version: 3 });
const cmppPdus: CmppPdu[] = [
  { commandId: CmppCommand.ActiveTest, sequenceId: 1 },
  {
    commandId: CmppCommand.SubmitResp,
    sequenceId: 2,
    msgId: Buffer.from('b2b9da8000010000', 'hex'),
    result: 0,
  },
  { commandId: CmppCommand.Terminate, sequenceId: 3 },
];
const cmppStream = Buffer.concat(cmppPdus.map((pdu) => cmpp.encode(pdu)));

describe('FrameReader', () => {
  it('reassembles frames split at every byte offset', () => {
    for (let cut = 0; cut <= cmppStream.length; cut++) {
      const { reader, pdus, errors } = collect(cmpp);
      reader.push(cmppStream.subarray(0, cut));
      reader.push(cmppStream.subarray(cut));
      expect(errors).toEqual([]);
      expect(pdus).toEqual(cmppPdus);
    }
  });

  it('reassembles a stream delivered one byte at a time', () => {
    const { reader, pdus } = collect(cmpp);
    for (const byte of cmppStream) reader.push(Buffer.from([byte]));
    expect(pdus).toEqual(cmppPdus);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('handles several frames in one chunk with a partial frame at the end', () => {
    const { reader, pdus } = collect(cmpp);
    reader.push(Buffer.concat([cmppStream, cmppStream.subarray(0, 5)]));
    expect(pdus).toEqual(cmppPdus);
    expect(reader.bufferedBytes).toBe(5);
    reader.push(cmppStream.subarray(5));
    expect(pdus).toEqual([...cmppPdus, ...cmppPdus]);
  });

  it('frames SGIP by its 20-byte header', () => {
    const sgip = createSgipCodec();
    const pdu: SgipPdu = {
      commandId: SgipCommand.Unbind,
      sequence: { nodeId: 1, timestamp: 2, sequence: 3 },
    };
    const { reader, pdus } = collect(sgip);
    const frame = sgip.encode(pdu);
    reader.push(Buffer.concat([frame.subarray(0, 10)]));
    reader.push(Buffer.concat([frame.subarray(10), frame]));
    expect(pdus).toEqual([pdu, pdu]);
  });

  it.each([
    ['undersize length', Buffer.from('0000000b0000000800000001', 'hex'), /frame length 11/],
    ['oversize length', Buffer.from('00000d0800000008', 'hex'), /frame length 3336/],
    ['zero length', Buffer.from('00000000', 'hex'), /frame length 0/],
    ['garbage', Buffer.from('GET / HTTP/1.1\r\n\r\n'), /frame length/],
    ['unknown command', Buffer.from('0000000c0000abcd00000001', 'hex'), /unknown command/],
  ])('reports %s once and ignores all further input', (_name, bad, message) => {
    const { reader, pdus, errors } = collect(cmpp);
    reader.push(cmppStream.subarray(0, 12));
    reader.push(bad);
    reader.push(cmppStream);
    expect(pdus).toEqual([cmppPdus[0]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProtocolDecodeError);
    expect(errors[0].message).toMatch(message);
    expect(reader.failed).toBe(true);
  });

  it('reports an oversize length as soon as the length field arrives, without waiting for the body', () => {
    const { reader, errors } = collect(cmpp);
    reader.push(Buffer.from('7fffffff', 'hex'));
    expect(errors).toHaveLength(1);
  });

  it('stays consistent when the PDU handler throws', () => {
    let calls = 0;
    const reader = new FrameReader(cmpp, {
      onPdu: () => {
        calls++;
        if (calls === 1) throw new Error('handler bug');
      },
      onError: () => undefined,
    });
    expect(() => reader.push(cmppStream)).toThrow('handler bug');
    reader.push(Buffer.alloc(0));
    reader.push(cmpp.encode({ commandId: CmppCommand.ActiveTest, sequenceId: 9 }));
    expect(calls).toBe(4);
  });
});
