import { buildConcatUdh, encodeText } from '@tongdao/sms';
import { InboundAssembler, type AssembledInbound } from './inbound-assembler';

const part = (reference: number, total: number, index: number, text: string): Buffer =>
  Buffer.concat([buildConcatUdh({ reference, referenceBits: 8, total, index }), encodeText(text, 'UCS2')]);

describe('InboundAssembler', () => {
  let received: AssembledInbound[];
  let assembler: InboundAssembler;

  beforeEach(() => {
    received = [];
    assembler = new InboundAssembler(
      60_000,
      (message) => received.push(message),
      () => undefined,
    );
  });

  afterEach(() => assembler.close());

  it('passes single messages straight through, stripping a non-concatenation UDH', () => {
    assembler.push({ from: 'a', to: 'b', coding: 'ASCII', udhi: false, content: Buffer.from('TD') });
    assembler.push({
      from: 'a',
      to: 'b',
      coding: 'ASCII',
      udhi: true,
      content: Buffer.concat([Buffer.from([3, 0x70, 1, 0]), Buffer.from('R')]),
    });
    expect(received.map((m) => m.text)).toEqual(['TD', 'R']);
  });

  it('joins parts in index order and keeps senders and references apart', () => {
    assembler.push({ from: 'a', to: 'b', coding: 'UCS2', udhi: true, content: part(1, 2, 2, '世界') });
    assembler.push({ from: 'c', to: 'b', coding: 'UCS2', udhi: true, content: part(1, 2, 1, '别人') });
    assembler.push({ from: 'a', to: 'b', coding: 'UCS2', udhi: true, content: part(1, 2, 1, '你好') });
    expect(received).toEqual([{ from: 'a', to: 'b', text: '你好世界', complete: true }]);
  });

  it('emits what arrived, marked incomplete, when closed early', () => {
    assembler.push({ from: 'a', to: 'b', coding: 'UCS2', udhi: true, content: part(5, 3, 3, '尾') });
    assembler.close();
    expect(received).toEqual([{ from: 'a', to: 'b', text: '尾', complete: false }]);
  });
});
