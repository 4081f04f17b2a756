import { Injectable } from '@nestjs/common';
import { encodePosition } from '@tongdao/database';
import { reportEventView } from '@tongdao/webhooks';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { ReportPage } from './report-event.view';
import { ReportsRepository } from './reports.repository';
import { StreamQueryDto } from './stream-query.dto';
import { DEFAULT_STREAM_PAGE, streamPosition } from './stream-cursor';

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly acting: ActingAccountResolver,
  ) {}

  /**
   * Status changes after the cursor, at least once and in order per message. A cursor only moves past events
   * whose transactions have all committed, so nothing appears later behind it.
   */
  async pull(principal: Principal, query: StreamQueryDto): Promise<ReportPage> {
    const scope = await this.acting.resolve(principal, query.account_id);
    const after = streamPosition(query.cursor);
    const limit = query.limit ?? DEFAULT_STREAM_PAGE;
    const events = await this.reports.readForTree(scope, after, limit + 1);
    const page = events.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((event) => reportEventView(encodePosition(event.position), event)),
      next_cursor: encodePosition(last ? last.position : after),
      has_more: events.length > limit,
    };
  }
}
