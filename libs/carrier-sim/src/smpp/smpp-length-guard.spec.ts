import { SmppLengthGuard } from './smpp-length-guard';

function frame(length: number): Buffer {
  const buffer = Buffer.alloc(Math.max(length, 4));
  buffer.writeUInt32BE(length, 0);
  return buffer;
}

describe('SmppLengthGuard', () => {
  it('accepts well-formed frames however the stream is chunked', () => {
    const stream = Buffer.concat([frame(16), frame(40), frame(17)]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      const guard = new SmppLengthGuard(4096);
      expect(guard.inspect(stream.subarray(0, cut))).toBeNull();
      expect(guard.inspect(stream.subarray(cut))).toBeNull();
    }
  });

  it('flags a length below the header size', () => {
    expect(
      new SmppLengthGuard(4096).inspect(Buffer.concat([frame(16), Buffer.from('00000008', 'hex')])),
    ).toMatch(/below/);
  });

  it('flags an oversize length split across chunks', () => {
    const guard = new SmppLengthGuard(4096);
    expect(guard.inspect(Buffer.from('0000', 'hex'))).toBeNull();
    expect(guard.inspect(Buffer.from('ffff', 'hex'))).toMatch(/exceeds/);
  });
});
