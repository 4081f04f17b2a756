import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tongdao/platform';

/** Accepted and rejected recipients by message kind (and rejection reason), for dashboards and alerts. */
@Injectable()
export class MessageMetrics {
  private readonly accepted: Counter<'kind'>;
  private readonly rejected: Counter<'kind' | 'reason'>;

  constructor(metrics: MetricsService) {
    this.accepted = metrics.counter('tongdao_messages_accepted_total', 'Messages accepted by the API', [
      'kind',
    ]);
    this.rejected = metrics.counter('tongdao_messages_rejected_total', 'Recipients rejected by the API', [
      'kind',
      'reason',
    ]);
  }

  recordAccepted(kind: string, count: number): void {
    if (count > 0) this.accepted.inc({ kind }, count);
  }

  recordRejected(kind: string, reason: string, count = 1): void {
    if (count > 0) this.rejected.inc({ kind, reason }, count);
  }
}
