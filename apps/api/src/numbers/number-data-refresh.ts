import { Logger } from '@nestjs/common';
import { NumberDirectory } from '@tongdao/number-data';

const logger = new Logger('NumberData');

/**
 * After a committed change: this process reloads before answering (so the caller's next lookup sees it) and
 * every other process is told. A failed reload is not the caller's error; the periodic check retries it.
 */
export async function applyCommittedChange(directory: NumberDirectory): Promise<void> {
  await directory
    .refresh()
    .catch((error: Error) => logger.warn({ err: error.message }, 'reload after a number-data change failed'));
  await directory.announce();
}
