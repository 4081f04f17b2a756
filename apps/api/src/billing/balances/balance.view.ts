import { ApiProperty } from '@nestjs/swagger';
import { BalanceTotals } from '@tongdao/billing';
import { LedgerEntry } from '@tongdao/billing-store';
import { MONEY_UNIT } from '../prices/price.view';

export class BalanceView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ example: MONEY_UNIT }) unit!: string;
  @ApiProperty({ description: 'Money held: top-ups and adjustments minus charges plus refunds' })
  balance!: number;
  @ApiProperty({ description: 'Held for accepted messages that have not reached a final status' })
  reserved!: number;
  @ApiProperty({ description: 'Credit granted by the parent' }) credit_limit!: number;
  @ApiProperty({ description: 'balance - reserved + credit_limit: what new messages can still reserve' })
  available!: number;

  static of(accountId: string, totals: BalanceTotals): BalanceView {
    return {
      account_id: accountId,
      unit: MONEY_UNIT,
      balance: totals.balance,
      reserved: totals.reserved,
      credit_limit: totals.credit,
      available: totals.available,
    };
  }
}

export class LedgerEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty({ enum: ['top_up', 'reserve', 'charge', 'release', 'refund', 'adjustment'] }) type!: string;
  @ApiProperty({ description: 'Change of the balance' }) amount!: number;
  @ApiProperty({ description: 'Change of the reserved amount' }) reserved_delta!: number;
  @ApiProperty({ enum: ['batch', 'message', 'top_up', 'adjustment'] }) cause_type!: string;
  @ApiProperty({ description: 'The batch, message, top-up or adjustment this entry is for' })
  cause_id!: string;
  @ApiProperty({ type: Number, nullable: true }) messages!: number | null;
  @ApiProperty({ type: Number, nullable: true }) segments!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The API key that caused it' }) actor_key_id!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) actor_account_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;

  static of(entry: LedgerEntry): LedgerEntryView {
    return {
      id: entry.id,
      created_at: entry.createdAt.toISOString(),
      type: entry.type,
      amount: entry.amount,
      reserved_delta: entry.reservedDelta,
      cause_type: entry.causeType,
      cause_id: entry.causeId,
      messages: entry.messages,
      segments: entry.segments,
      actor_key_id: entry.actorKeyId,
      actor_account_id: entry.actorAccountId,
      note: entry.note,
    };
  }
}

export class LedgerPage {
  @ApiProperty({ type: [LedgerEntryView] }) data!: LedgerEntryView[];
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}

export class TopUpView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty({ description: 'False when this reference had already been used (this is the first top-up)' })
  applied!: boolean;
  @ApiProperty({ type: BalanceView }) balance!: BalanceView;
}

export class AdjustmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: BalanceView }) balance!: BalanceView;
}
