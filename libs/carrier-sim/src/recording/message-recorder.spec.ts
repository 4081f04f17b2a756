import { MessageRecorder } from './message-recorder';
import { ReceivedSegment } from './received-message';

const config = { maxMessages: 3, maxDuplicateKeys: 100, maxPendingLongMessages: 2 };

function segment(overrides: Partial<ReceivedSegment>): ReceivedSegment {
  return {
    account: 'acc',
    source: '1069',
    destination: '13800000000',
    text: 'hi',
    segmentIndex: 1,
    segmentTotal: 1,
    concatReference: null,
    messageId: 'id',
    receivedAt: 1,
    ...overrides,
  };
}

describe('MessageRecorder', () => {
  it('reassembles a long message in index order whatever the arrival order', () => {
    const recorder = new MessageRecorder(config);
    recorder.record(
      segment({
        text: 'world',
        segmentIndex: 2,
        segmentTotal: 2,
        concatReference: 5,
        messageId: 'b',
        receivedAt: 3,
      }),
    );
    expect(recorder.summary()).toMatchObject({ messages: 0, segments: 1, incomplete: 1 });
    recorder.record(
      segment({
        text: 'hello ',
        segmentIndex: 1,
        segmentTotal: 2,
        concatReference: 5,
        messageId: 'a',
        receivedAt: 2,
      }),
    );
    expect(recorder.query()).toMatchObject([
      { text: 'hello world', segmentCount: 2, messageIds: ['a', 'b'], firstReceivedAt: 2, completedAt: 3 },
    ]);
    expect(recorder.summary()).toMatchObject({ messages: 1, segments: 2, incomplete: 0, duplicates: 0 });
  });

  it('counts a repeated (destination, text) as a duplicate but not the same text to another number', () => {
    const recorder = new MessageRecorder(config);
    recorder.record(segment({}));
    recorder.record(segment({ destination: '13900000000' }));
    recorder.record(segment({}));
    expect(recorder.summary()).toMatchObject({ messages: 3, duplicates: 1 });
  });

  it('counts a segment received twice during reassembly', () => {
    const recorder = new MessageRecorder(config);
    const part = segment({ segmentIndex: 1, segmentTotal: 2, concatReference: 1 });
    recorder.record(part);
    recorder.record(part);
    expect(recorder.summary()).toMatchObject({ duplicateSegments: 1, incomplete: 1, messages: 0 });
  });

  it('keeps counters exact while retaining only the newest messages', () => {
    const recorder = new MessageRecorder(config);
    for (let i = 0; i < 5; i++)
      recorder.record(segment({ text: `m${i}`, destination: `1380000000${i % 2}` }));
    expect(recorder.summary()).toMatchObject({ messages: 5, retained: 3 });
    expect(recorder.query().map((message) => message.text)).toEqual(['m2', 'm3', 'm4']);
    expect(recorder.query({ destination: '13800000000' }).map((message) => message.text)).toEqual([
      'm2',
      'm4',
    ]);
    expect(recorder.query({ limit: 1 }).map((message) => message.text)).toEqual(['m4']);
  });

  it('forgets the oldest partial long messages beyond its cap', () => {
    const recorder = new MessageRecorder(config);
    for (let reference = 0; reference < 3; reference++) {
      recorder.record(segment({ segmentIndex: 1, segmentTotal: 2, concatReference: reference }));
    }
    expect(recorder.summary().incomplete).toBe(2);
  });

  it('treats an impossible segment index as a single message', () => {
    const recorder = new MessageRecorder(config);
    recorder.record(segment({ segmentIndex: 3, segmentTotal: 2, concatReference: 1 }));
    expect(recorder.summary()).toMatchObject({ messages: 1, incomplete: 0 });
  });
});
