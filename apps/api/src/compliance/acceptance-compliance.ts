import { LINK_VARIABLE } from '@tongdao/attribution';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  buildCompliancePipeline,
  buildVariableSpec,
  CompliancePipeline,
  ComplianceMode,
  CONSENT_PORT,
  ConsentPort,
  FREQUENCY_CAP_PORT,
  FrequencyCapPort,
  SHORT_DOMAIN_DIRECTORY,
  ShortDomainDirectory,
  LINK_DOMAIN_DIRECTORY,
  LinkDomainDirectory,
  SUPPRESSION_PORT,
  SuppressionPort,
  TemplateVariableSpec,
  Verdict,
  CapCheckRequest,
} from '@tongdao/compliance';
import { MessageStatus } from '@tongdao/database/entities';
import { ErrorCode, MetricsService } from '@tongdao/platform';
import { Counter } from 'prom-client';
import { ComposedMessage, MAX_SEGMENTS_PER_MESSAGE } from '../messages/message-composer';
import { MessageHold, NewMessageBatch } from '../messages/new-message-batch';
import { RecipientRejection } from '../messages/recipient-rejection';
import { SendContext } from '../messages/send-context';
import { COMPLIANCE_CLOCK, ComplianceClock } from './compliance-clock';
import { CompliancePolicyStore } from './compliance-policy.store';
import { ComplianceRepository } from './compliance.repository';
import { SensitiveWordCatalog } from './sensitive-word-catalog';

/** What the pipeline decided for the composed messages of one request. */
export interface Screening {
  /** Messages to store, in request order, with their final text (unsubscribe text included). */
  readonly kept: ComposedMessage[];
  /** For each kept message, its position in the screened array. */
  readonly keptPositions: number[];
  /** For each kept message, its hold (stored HELD) or null. */
  readonly holds: (MessageHold | null)[];
  /** Refused messages by position in the screened array. */
  readonly rejections: { position: number; rejection: RecipientRejection; rule: string }[];
  /** Every verdict, by position (for the dry run). */
  readonly verdicts: Verdict[];
  /** What the frequency cap counted (given back if the acceptance fails). */
  readonly reservation: CapCheckRequest | null;
}

const TEMPLATE_SPECS_MAX = 10_000;

/**
 * Compliance at acceptance for the message API: builds the request for the pipeline (account policy, template
 * variable types, clock), runs it on the composed messages and turns verdicts into what the submission stores.
 */
@Injectable()
export class AcceptanceCompliance {
  private readonly pipeline: CompliancePipeline;
  private readonly templateSpecs = new Map<string, TemplateVariableSpec>();
  private readonly verdictCounter: Counter<'rule' | 'outcome'>;

  constructor(
    private readonly repository: ComplianceRepository,
    private readonly policies: CompliancePolicyStore,
    words: SensitiveWordCatalog,
    @Inject(LINK_DOMAIN_DIRECTORY) linkDomains: LinkDomainDirectory,
    @Inject(SHORT_DOMAIN_DIRECTORY) shortDomains: ShortDomainDirectory,
    @Inject(SUPPRESSION_PORT) suppression: SuppressionPort,
    @Inject(CONSENT_PORT) consent: ConsentPort,
    @Inject(FREQUENCY_CAP_PORT) private readonly caps: FrequencyCapPort,
    @Inject(COMPLIANCE_CLOCK) private readonly clock: ComplianceClock,
    metrics: MetricsService,
  ) {
    this.pipeline = buildCompliancePipeline({
      words,
      linkDomains,
      shortDomains,
      suppression,
      consent,
      caps,
      maxSegments: MAX_SEGMENTS_PER_MESSAGE,
    });
    this.verdictCounter = metrics.counter(
      'tongdao_compliance_verdicts_total',
      'Messages refused or held at acceptance, by rule',
      ['rule', 'outcome'],
    );
  }

  now(): Date {
    return this.clock();
  }

  /** Runs every rule on the composed messages. Messages are changed in place (final text, segments). */
  async screen(context: SendContext, messages: ComposedMessage[], mode: ComplianceMode): Promise<Screening> {
    const now = this.clock();
    const [policy, template] = await Promise.all([
      this.policies.policyFor(context.sender.id),
      this.templateSpec(context).then((spec) => withoutTongdaoLink(spec, context)),
    ]);
    const batch = await this.pipeline.run(messages, {
      accountId: context.sender.id,
      kind: context.kind,
      sendAt: context.status === MessageStatus.Scheduled ? context.sendAt : now,
      now,
      mode,
      policy,
      template,
    });
    const screening: Screening = {
      kept: [],
      keptPositions: [],
      holds: [],
      rejections: [],
      verdicts: new Array<Verdict>(messages.length),
      reservation: batch.reservation,
    };
    for (let position = 0; position < messages.length; position++) {
      const verdict = batch.verdictOf(position);
      screening.verdicts[position] = verdict;
      if (verdict.outcome === 'reject') {
        this.verdictCounter.inc({ rule: verdict.rule, outcome: 'reject' });
        screening.rejections.push({
          position,
          rule: verdict.rule,
          rejection: {
            code: verdict.code as unknown as ErrorCode,
            message: verdict.message,
            field: verdict.field,
            ...(verdict.details ? { details: verdict.details } : {}),
          },
        });
        continue;
      }
      screening.kept.push(messages[position]!);
      screening.keptPositions.push(position);
      if (verdict.outcome === 'hold') {
        this.verdictCounter.inc({ rule: verdict.rule, outcome: 'hold' });
        screening.holds.push({ reason: verdict.reason, releaseAt: verdict.until, detail: verdict.detail });
      } else {
        screening.holds.push(null);
      }
    }
    return screening;
  }

  /** Writes the `held_messages` rows of a batch; inside the acceptance transaction, after the messages. */
  async recordHolds(manager: EntityManager, batch: NewMessageBatch): Promise<void> {
    if (!batch.held) return;
    const rows = [];
    for (let position = 0; position < batch.held.length; position++) {
      const hold = batch.held[position];
      if (!hold) continue;
      rows.push({
        messageId: batch.ids[position]!,
        accountId: batch.accountId,
        createdAt: batch.createdAt,
        reason: hold.reason,
        detail: hold.detail,
        releaseAt: hold.releaseAt,
      });
    }
    await this.repository.insertHeld(manager, rows);
  }

  /** Gives back the caps a screening counted, when nothing of it was stored. */
  async undo(screening: Screening): Promise<void> {
    if (screening.reservation) await this.caps.release(screening.reservation);
  }

  private async templateSpec(context: SendContext): Promise<TemplateVariableSpec | null> {
    if (context.body.kind !== 'template' || context.templateId === null) return null;
    const cached = this.templateSpecs.get(context.templateId);
    if (cached) return cached;
    // Variable types are fixed when a template is submitted, so a spec never goes stale.
    const built = buildVariableSpec(
      context.body.template.variables,
      await this.repository.variableTypes(context.templateId),
    );
    const spec = built.ok ? built : buildVariableSpec(context.body.template.variables, null);
    if (!spec.ok) return null;
    if (this.templateSpecs.size >= TEMPLATE_SPECS_MAX) this.templateSpecs.clear();
    this.templateSpecs.set(context.templateId, spec.spec);
    return spec.spec;
  }
}

/**
 * Issue 8b: with a send's `link` field, Tongdao fills `${link}` with its own short link, so the variable's declared
 * type (a client's input) does not apply to it; the link rule still checks the rendered text's links.
 */
function withoutTongdaoLink(
  spec: TemplateVariableSpec | null,
  context: SendContext,
): TemplateVariableSpec | null {
  if (!spec || !context.links || !spec.variables.has(LINK_VARIABLE)) return spec;
  const variables = new Map(spec.variables);
  variables.delete(LINK_VARIABLE);
  return { variables };
}
