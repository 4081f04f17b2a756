import { LongMessageReassembler, ReassembledMessage } from './long-message-reassembler';

interface Meta {
  seq: number;
}

function part(index: number, total: number, body: string, seq = index) {
  return { index, total, body: Buffer.from(body), meta: { seq } };
}

function texts(message: ReassembledMessage<Meta>): string[] {
  return message.parts.map((p) => p.toString());
}

describe('LongMessageReassembler', () => {
  let clock: number;
  let emitted: ReassembledMessage<Meta>[];
  let reassembler: LongMessageReassembler<Meta>;

  function create(options: { maxPending?: number; timeoutMs?: number } = {}) {
    reassembler = new LongMessageReassembler<Meta>({
      timeoutMs: options.timeoutMs ?? 1_000,
      maxPending: options.maxPending,
      now: () => clock,
      sweepIntervalMs: 0,
      onComplete: (msg) => emitted.push(msg),
    });
  }

  beforeEach(() => {
    clock = 0;
    emitted = [];
    create();
  });

  afterEach(() => reassembler.close());

  it('emits once all parts arrived, in index order, whatever the arrival order', () => {
    expect(reassembler.push('a|b|1', part(3, 3, 'C', 30))).toBe(true);
    reassembler.push('a|b|1', part(1, 3, 'A', 10));
    expect(emitted).toHaveLength(0);
    reassembler.push('a|b|1', part(2, 3, 'B', 20));
    expect(emitted).toHaveLength(1);
    expect(texts(emitted[0])).toEqual(['A', 'B', 'C']);
    expect(emitted[0]).toMatchObject({ key: 'a|b|1', complete: true, missing: [], meta: { seq: 30 } });
    expect(reassembler.pendingCount).toBe(0);
  });

  it('passes single-part messages straight through', () => {
    reassembler.push('k', part(1, 1, 'only'));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ complete: true, missing: [] });
    expect(texts(emitted[0])).toEqual(['only']);
  });

  it('ignores duplicates while a message is pending', () => {
    reassembler.push('k', part(1, 2, 'first'));
    expect(reassembler.push('k', part(1, 2, 'again'))).toBe(false);
    reassembler.push('k', part(2, 2, 'second'));
    expect(emitted).toHaveLength(1);
    expect(texts(emitted[0])).toEqual(['first', 'second']);
  });

  it('ignores an identical part the peer retransmits after completion', () => {
    reassembler.push('k', part(1, 2, 'A'));
    reassembler.push('k', part(2, 2, 'B'));
    expect(reassembler.push('k', part(2, 2, 'B'))).toBe(false);
    clock = 5_000;
    reassembler.sweep();
    expect(emitted).toHaveLength(1);
  });

  it('forgets completed messages after the timeout, so the key can carry a new message', () => {
    reassembler.push('k', part(1, 2, 'A'));
    reassembler.push('k', part(2, 2, 'B'));
    clock = 1_000;
    reassembler.sweep();
    expect(reassembler.push('k', part(2, 2, 'B'))).toBe(true);
    expect(reassembler.pendingCount).toBe(1);
  });

  it('treats different content under a completed key as a new message', () => {
    reassembler.push('k', part(1, 2, 'A'));
    reassembler.push('k', part(2, 2, 'B'));
    expect(reassembler.push('k', part(1, 2, 'new'))).toBe(true);
    reassembler.push('k', part(2, 2, 'message'));
    expect(emitted.map(texts)).toEqual([
      ['A', 'B'],
      ['new', 'message'],
    ]);
  });

  it('emits an incomplete message with its missing indexes after the timeout', () => {
    reassembler.push('k', part(2, 4, 'B'));
    clock = 500;
    reassembler.push('k', part(4, 4, 'D'));
    clock = 999;
    reassembler.sweep();
    expect(emitted).toHaveLength(0);
    clock = 1_000;
    reassembler.sweep();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ complete: false, missing: [1, 3], meta: { seq: 2 } });
    expect(texts(emitted[0])).toEqual(['B', 'D']);
    expect(reassembler.pendingCount).toBe(0);
  });

  it('expires only the entries whose deadline passed', () => {
    reassembler.push('old', part(1, 2, 'x'));
    clock = 600;
    reassembler.push('young', part(1, 2, 'y'));
    clock = 1_200;
    reassembler.sweep();
    expect(emitted.map((m) => m.key)).toEqual(['old']);
    expect(reassembler.pendingCount).toBe(1);
  });

  it('evicts the oldest pending message as incomplete when maxPending is reached', () => {
    create({ maxPending: 2 });
    reassembler.push('first', part(1, 2, 'a'));
    reassembler.push('second', part(1, 2, 'b'));
    reassembler.push('first', part(2, 2, 'a2'));
    reassembler.push('third', part(1, 2, 'c'));
    reassembler.push('fourth', part(1, 2, 'd'));
    expect(emitted.map((m) => [m.key, m.complete])).toEqual([
      ['first', true],
      ['second', false],
    ]);
    expect(reassembler.pendingCount).toBe(2);
  });

  it('flushes the old message when the same key arrives with a different total', () => {
    reassembler.push('k', part(1, 3, 'old'));
    reassembler.push('k', part(1, 2, 'new'));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ complete: false, missing: [2, 3] });
    reassembler.push('k', part(2, 2, 'er'));
    expect(emitted[1]).toMatchObject({ complete: true });
    expect(texts(emitted[1])).toEqual(['new', 'er']);
  });

  it.each([
    ['index 0', part(0, 2, 'x')],
    ['index beyond total', part(3, 2, 'x')],
    ['total 0', part(1, 0, 'x')],
    ['fractional index', { ...part(1, 2, 'x'), index: 1.5 }],
  ])('rejects a part with %s', (_label, invalid) => {
    expect(reassembler.push('k', invalid)).toBe(false);
    expect(reassembler.pendingCount).toBe(0);
  });

  it('contains consumer exceptions and reports them', () => {
    const errors: Array<[unknown, string]> = [];
    const failing = new LongMessageReassembler<Meta>({
      timeoutMs: 1_000,
      sweepIntervalMs: 0,
      onComplete: () => {
        throw new Error('consumer down');
      },
      onError: (error, key) => errors.push([error, key]),
    });
    expect(() => failing.push('k', part(1, 1, 'x'))).not.toThrow();
    expect(errors).toEqual([[new Error('consumer down'), 'k']]);
    failing.close();
  });

  it('close emits pending messages as incomplete and refuses later parts', () => {
    reassembler.push('k', part(1, 2, 'a'));
    reassembler.close();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ complete: false, missing: [2] });
    expect(reassembler.push('k', part(2, 2, 'b'))).toBe(false);
  });

  describe('background sweep', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('expires timed-out messages without an explicit sweep', () => {
      const timed: ReassembledMessage<Meta>[] = [];
      const background = new LongMessageReassembler<Meta>({
        timeoutMs: 200,
        onComplete: (msg) => timed.push(msg),
      });
      background.push('k', part(1, 2, 'a'));
      jest.advanceTimersByTime(199);
      expect(timed).toHaveLength(0);
      jest.advanceTimersByTime(200);
      expect(timed).toHaveLength(1);
      expect(timed[0]).toMatchObject({ complete: false, missing: [2] });
      background.close();
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
