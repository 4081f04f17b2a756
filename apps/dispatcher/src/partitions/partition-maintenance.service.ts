import { Injectable, Logger } from '@nestjs/common';
import { DispatchRepository } from '../dispatch/dispatch.repository';

const MONTHS_AHEAD = 3;
const EVERY_MS = 6 * 60 * 60 * 1000;

/** Keeps future monthly partitions in place. */
@Injectable()
export class PartitionMaintenanceService {
  private readonly logger = new Logger(PartitionMaintenanceService.name);
  private partitionTimer?: NodeJS.Timeout;

  constructor(private readonly repository: DispatchRepository) {}

  async start(): Promise<void> {
    await this.repository.ensurePartitions(MONTHS_AHEAD);
    this.partitionTimer = setInterval(() => void this.ensurePartitions(), EVERY_MS);
  }

  stop(): void {
    clearInterval(this.partitionTimer);
  }

  private async ensurePartitions(): Promise<void> {
    await this.repository
      .ensurePartitions(MONTHS_AHEAD)
      .catch((error: Error) =>
        this.logger.error({ err: error.message }, 'creating message partitions failed'),
      );
  }
}
