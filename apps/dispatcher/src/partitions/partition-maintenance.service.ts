import { Injectable, Logger } from '@nestjs/common';
import { DispatchRepository } from '../dispatch/dispatch.repository';

const MONTHS_AHEAD = 3;
const EVERY_MS = 6 * 60 * 60 * 1000;
const LEASE_SWEEP_MS = 5_000;

/** Keeps future monthly partitions in place and returns abandoned leases to the queue. */
@Injectable()
export class PartitionMaintenanceService {
  private readonly logger = new Logger(PartitionMaintenanceService.name);
  private partitionTimer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;

  constructor(private readonly repository: DispatchRepository) {}

  async start(): Promise<void> {
    await this.repository.ensurePartitions(MONTHS_AHEAD);
    await this.requeueExpired();
    this.partitionTimer = setInterval(() => void this.ensurePartitions(), EVERY_MS);
    this.leaseTimer = setInterval(() => void this.requeueExpired(), LEASE_SWEEP_MS);
  }

  stop(): void {
    clearInterval(this.partitionTimer);
    clearInterval(this.leaseTimer);
  }

  private async ensurePartitions(): Promise<void> {
    await this.repository
      .ensurePartitions(MONTHS_AHEAD)
      .catch((error: Error) =>
        this.logger.error({ err: error.message }, 'creating message partitions failed'),
      );
  }

  private async requeueExpired(): Promise<void> {
    try {
      const count = await this.repository.requeueExpiredLeases();
      if (count > 0) this.logger.warn({ count }, 'requeued messages whose dispatcher lease expired');
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'requeueing expired leases failed');
    }
  }
}
