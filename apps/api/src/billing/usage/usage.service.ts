import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { BillingCalendar, formatYuan } from '@tongdao/billing';
import { UsageStore } from '@tongdao/billing-store';
import { canonicalProvince } from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AccountsService } from '../../accounts/accounts.service';
import { Principal } from '../../auth/principal';
import { MONEY_UNIT } from '../prices/price.view';
import { UsageQuery } from './usage.query';
import { UsageReportView, UsageRowView, UsageTotalsView } from './usage.view';

const MAX_DAYS = 366;

const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'day',
  'carrier',
  'kind',
  'province',
  'messages',
  'segments',
  'delivered',
  'failed',
  'charged_cny',
  'revenue_cny',
  'cost_cny',
  'margin_cny',
];

/** Usage reports from the daily rollups the settlement keeps; never a scan of the messages. */
@Injectable()
export class UsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly usage: UsageStore,
    private readonly calendar: BillingCalendar,
  ) {}

  async report(principal: Principal, query: UsageQuery): Promise<UsageReportView> {
    const account = await this.accounts.require(
      principal,
      query.account_id?.toLowerCase() ?? principal.account.id,
    );
    const from = query.from ?? this.calendar.dayOf(Date.now());
    const to = query.to ?? from;
    assertRange(from, to);
    const scope = query.scope ?? 'account';
    const rows = await this.usage.query(this.dataSource.manager, {
      accountId: scope === 'account' ? account.id : undefined,
      subtreePath: scope === 'subtree' ? account.path : undefined,
      fromDay: from,
      toDay: to,
      carrier: query.carrier,
      kind: query.kind,
      province:
        query.province === undefined ? undefined : (canonicalProvince(query.province) ?? query.province),
    });
    const data = rows.map((row) => UsageRowView.of(row));
    return {
      account_id: account.id,
      scope,
      from,
      to,
      time_zone: this.calendar.timeZone,
      unit: MONEY_UNIT,
      data,
      totals: totalsOf(data.filter((row) => row.account_id === account.id)),
    };
  }

  /** The same report as CSV for spreadsheets: amounts in yuan with four decimals, with a BOM for Excel. */
  toCsv(report: UsageReportView): string {
    return stringify(
      report.data.map((row) => [
        row.account_id,
        row.account_name,
        row.day,
        row.carrier,
        row.kind,
        row.province ?? '',
        row.messages,
        row.segments,
        row.delivered,
        row.failed,
        formatYuan(row.charged),
        formatYuan(row.revenue),
        formatYuan(row.cost),
        formatYuan(row.margin),
      ]),
      { header: true, columns: CSV_COLUMNS, bom: true },
    );
  }
}

function assertRange(from: string, to: string): void {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== from)
    throw new DomainException(ErrorCode.ValidationFailed, 'from is not a valid day', 'from');
  if (Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== to)
    throw new DomainException(ErrorCode.ValidationFailed, 'to is not a valid day', 'to');
  if (end < start) throw new DomainException(ErrorCode.ValidationFailed, 'to is before from', 'to');
  if ((end - start) / 86_400_000 >= MAX_DAYS)
    throw new DomainException(ErrorCode.ValidationFailed, `At most ${MAX_DAYS} days per report`, 'to');
}

function totalsOf(rows: readonly UsageRowView[]): UsageTotalsView {
  const totals: UsageTotalsView = {
    messages: 0,
    segments: 0,
    delivered: 0,
    failed: 0,
    charged: 0,
    revenue: 0,
    cost: 0,
    margin: 0,
  };
  for (const row of rows) {
    totals.messages += row.messages;
    totals.segments += row.segments;
    totals.delivered += row.delivered;
    totals.failed += row.failed;
    totals.charged += row.charged;
    totals.revenue += row.revenue;
    totals.cost += row.cost;
    totals.margin += row.margin;
  }
  return totals;
}
