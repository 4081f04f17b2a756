import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { NumberDirectory } from '@tongdao/number-data';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { ComposedMessage, MessageComposer } from '../messages/message-composer';
import { parseRecipient } from '../messages/recipient-input';
import { SendContextResolver } from '../messages/send-context.resolver';
import { SendBatchDto, SendMessageDto } from '../messages/send-message.dto';
import { AcceptanceCompliance } from './acceptance-compliance';
import { CheckResultView, CheckVerdictView } from './dto/check-result.view';

/**
 * POST /v1/messages/check: the acceptance path without storing, billing or sending. Caps are only peeked at, so a
 * preview never uses one up.
 */
@Injectable()
export class MessageCheckService {
  constructor(
    private readonly contexts: SendContextResolver,
    private readonly numbers: NumberDirectory,
    private readonly compliance: AcceptanceCompliance,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(principal: Principal, dto: SendMessageDto | SendBatchDto): Promise<CheckResultView> {
    const batch = 'recipients' in dto;
    // As the real batch answers: a recipient's field is named within the request, e.g. recipients[3].phone.
    const fieldOf = (index: number, field: string): string =>
      !batch ? field : field ? `recipients[${index}].${field}` : `recipients[${index}]`;
    const raws: unknown[] =
      'recipients' in dto
        ? dto.recipients
        : [{ phone: dto.phone, template_params: dto.template_params, client_ref: dto.client_ref }];
    const limit = this.config.limits.batchMaxRecipients;
    if (raws.length > limit)
      throw new DomainException(
        ErrorCode.BatchTooLarge,
        `At most ${limit} recipients per batch`,
        'recipients',
      );
    const context = await this.contexts.resolve(principal, dto, this.compliance.now());
    const composer = new MessageComposer(context.signature, context.body, this.numbers.resolver);
    const results = new Array<CheckVerdictView>(raws.length);
    const composed: ComposedMessage[] = [];
    const composedIndexes: number[] = [];
    raws.forEach((raw, index) => {
      const parsed = parseRecipient(raw);
      const result = parsed.ok ? composer.compose(parsed.recipient) : parsed;
      if (result.ok) {
        composed.push(result.message);
        composedIndexes.push(index);
      } else {
        const error = { ...result.rejection, field: fieldOf(index, result.rejection.field) };
        results[index] = { index, verdict: 'reject', rule: 'input', error };
      }
    });
    const screening = await this.compliance.screen(context, composed, 'dry_run');
    screening.verdicts.forEach((verdict, position) => {
      const index = composedIndexes[position]!;
      const message = composed[position]!;
      const view: CheckVerdictView = {
        index,
        verdict: verdict.outcome,
        phone: message.phone,
        content: message.content,
        segments: message.segments,
        encoding: message.encoding,
      };
      if (verdict.outcome === 'reject')
        Object.assign(view, {
          rule: verdict.rule,
          error: { code: verdict.code, message: verdict.message, field: fieldOf(index, verdict.field) },
        });
      if (verdict.outcome === 'hold')
        Object.assign(view, {
          rule: verdict.rule,
          hold: {
            reason: verdict.reason,
            release_at: verdict.until?.toISOString() ?? null,
            detail: verdict.detail,
          },
        });
      results[index] = view;
    });
    const count = (outcome: string) => results.filter((result) => result.verdict === outcome).length;
    return {
      kind: context.kind,
      recipients: raws.length,
      passed: count('pass'),
      held: count('hold'),
      rejected: count('reject'),
      segments: results.reduce(
        (sum, result) => sum + (result.verdict === 'reject' ? 0 : (result.segments ?? 0)),
        0,
      ),
      results,
    };
  }
}
