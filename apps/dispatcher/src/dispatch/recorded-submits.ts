import { Injectable } from '@nestjs/common';

/**
 * Submits the carrier acknowledged that are not yet committed to the database. A fast carrier's status report can
 * arrive before the submit's group commit; such a report waits here for that commit instead of being parked as
 * unmatched and swept later.
 */
@Injectable()
export class RecordedSubmits {
  private readonly pending = new Map<string, Array<() => void>>();

  /** The carrier ids are about to be recorded. */
  expect(channelId: string, carrierMessageIds: readonly string[]): void {
    for (const id of carrierMessageIds) if (id) this.pending.set(key(channelId, id), []);
  }

  /** The carrier ids are committed (or will never be: waiters go ahead either way). */
  settle(channelId: string, carrierMessageIds: readonly string[]): void {
    for (const id of carrierMessageIds) {
      const k = key(channelId, id);
      const waiters = this.pending.get(k);
      this.pending.delete(k);
      waiters?.forEach((resolve) => resolve());
    }
  }

  /** Resolves once the submit with this carrier id is recorded; null if it is not waiting to be recorded. */
  whenRecorded(channelId: string, carrierMessageId: string): Promise<void> | null {
    const waiters = this.pending.get(key(channelId, carrierMessageId));
    if (!waiters) return null;
    return new Promise((resolve) => waiters.push(resolve));
  }

  get size(): number {
    return this.pending.size;
  }
}

function key(channelId: string, carrierMessageId: string): string {
  return `${channelId}\u0000${carrierMessageId}`;
}
