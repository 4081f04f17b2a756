import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { EntityManager } from 'typeorm';
import {
  AutoSuppressionStore,
  PermanentFailure,
  permanentCodeSet,
  permanentFailureCode,
} from '@tongdao/compliance-state';
import { AppConfig } from '@tongdao/config';
import { OutboxEvent } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { maskPhone } from '@tongdao/phone';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { AsOutboxConsumer, OutboxConsumer } from '../outbox/outbox-consumer';

/**
 * Suppresses numbers that keep failing permanently (empty number, stopped line, unknown subscriber): reads final
 * events from the outbox, counts each number's permanent failures within COMPLIANCE_AUTO_SUPPRESS_WINDOW_DAYS, and
 * at COMPLIANCE_AUTO_SUPPRESS_FAILURES puts the number on the platform-wide automatic suppression list. A delivery
 * to the number resets its count. Runs in the transaction that advances its cursor, so each event counts once.
 */
@Injectable()
@AsOutboxConsumer()
export class AutoSuppressionConsumer implements OutboxConsumer {
  readonly name = 'compliance:auto-suppression';
  readonly startAt = 'now' as const;
  private readonly logger = new Logger(AutoSuppressionConsumer.name);
  private readonly codes: ReadonlySet<string>;
  private readonly suppressedTotal: Counter<string>;
  private readonly failuresTotal: Counter<string>;

  constructor(
    private readonly suppressions: AutoSuppressionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.codes = permanentCodeSet(config.complianceState.permanentFailureCodes);
    this.failuresTotal = metrics.counter(
      'tongdao_compliance_permanent_failures_total',
      'Final reports with a permanent failure code (empty number, stopped line)',
    );
    this.suppressedTotal = metrics.counter(
      'tongdao_compliance_auto_suppressed_total',
      'Numbers suppressed automatically after repeated permanent failures',
    );
  }

  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    // In outbox order: a delivery wipes the number's earlier failures (in this batch and stored), later ones count.
    const failures = new Map<string, PermanentFailure[]>();
    const delivered = new Set<string>();
    for (const event of events) {
      if (event.status === MessageStatus.Delivered) {
        delivered.add(event.phone);
        failures.delete(event.phone);
        continue;
      }
      const code = permanentFailureCode(event, this.codes);
      if (!code) continue;
      const list = failures.get(event.phone) ?? [];
      list.push({ phone: event.phone, code, failedAt: event.occurredAt });
      failures.set(event.phone, list);
    }
    await this.suppressions.forgetFailures(tx, [...delivered]);
    const counted = [...failures.values()].flat();
    if (counted.length === 0) return;
    this.failuresTotal.inc(counted.length);
    const suppressed = await this.suppressions.recordFailures(
      tx,
      counted,
      this.config.complianceState.autoSuppressFailures,
      this.config.complianceState.autoSuppressWindowSeconds,
    );
    if (suppressed.length === 0) return;
    this.suppressedTotal.inc(suppressed.length);
    this.logger.log(
      { phones: suppressed.slice(0, 20).map(maskPhone), count: suppressed.length },
      'numbers suppressed',
    );
  }
}
