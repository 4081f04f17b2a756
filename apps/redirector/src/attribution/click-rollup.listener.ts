import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ClickFacts } from '@tongdao/attribution';
import { ClickRollup } from '@tongdao/attribution-store';
import { ClickHooks, ClickRecord, ClickStoredListener, ClickTransaction } from '@tongdao/short-links';

/**
 * Issue 8b: keeps the click rollups from the click writer (in the redirector, or the worker when it runs one). The writer calls this inside the transaction that inserts
 * a batch, with only the clicks it newly inserted, so the counters commit with the clicks and a replayed batch
 * counts nothing.
 */
@Injectable()
export class ClickRollupListener implements ClickStoredListener, OnModuleInit {
  private readonly rollup = new ClickRollup();

  /** ClickHooks exists where a click writer runs: always in the redirector, in the worker with WORKER_CLICK_WRITER. */
  constructor(@Optional() private readonly hooks?: ClickHooks) {}

  onModuleInit(): void {
    this.hooks?.register(this);
  }

  onClicksStored(batch: readonly ClickRecord[], runner: ClickTransaction): Promise<void> {
    return this.rollup.record(runner, batch.map(toFacts));
  }
}

function toFacts(click: ClickRecord): ClickFacts {
  return {
    clickId: click.clickId,
    linkId: click.linkId,
    accountId: click.accountId,
    occurredAt: click.occurredAt,
    clickClass: click.class,
    reason: click.reason,
    device: click.device,
    os: click.os,
    browser: click.browser,
    province: click.province,
    city: click.city,
    delayMs: click.delayMs,
  };
}
