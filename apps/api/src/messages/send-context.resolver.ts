import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { MessageKind, MessageStatus } from '@tongdao/database/entities';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { AccountRepository } from '../accounts/account.repository';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { AccountScope } from '../common/account-scope';
import { ReplyExtensionService } from '../replies/reply-extension.service';
import { SignatureRepository } from '../signatures/signature.repository';
import { compileTemplate } from '../templates/template-body';
import { TemplateRepository } from '../templates/template.repository';
import { CallbackUrlPolicy } from './callback-url.policy';
import { MessageBody } from './message-composer';
import { SendContext } from './send-context';
import { MessageEnvelopeDto } from './send-message.dto';

const MAX_SCHEDULE_AHEAD_MS = 90 * 24 * 3600 * 1000;
/** A send_at this close to now is sent now; clocks of clients are never exact. */
const SCHEDULE_THRESHOLD_MS = 1000;

/** Checks the request-wide parts of a send: sender, signature, template or free text, kind and schedule. */
@Injectable()
export class SendContextResolver {
  constructor(
    private readonly acting: ActingAccountResolver,
    private readonly accounts: AccountRepository,
    private readonly signatures: SignatureRepository,
    private readonly templates: TemplateRepository,
    private readonly extensions: ReplyExtensionService,
    private readonly callbackUrls: CallbackUrlPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolve(principal: Principal, envelope: MessageEnvelopeDto, now: Date): Promise<SendContext> {
    requireExactlyOneBody(envelope);
    const callbackUrl = this.callbackUrls.check(envelope.callback_url);
    const sendAt = resolveSendAt(envelope.send_at, now, this.config.edge.sendAtPastSkewSeconds * 1000);
    const sender = await this.acting.resolve(principal, envelope.account_id);
    const [signature, body, sourceExtension] = await Promise.all([
      this.requireSignature(sender, envelope.signature),
      this.resolveBody(sender, envelope),
      this.extensions.extensionFor(sender.id),
    ]);
    const kind = resolveKind(envelope.kind, body);
    const scheduled = sendAt.getTime() - now.getTime() > SCHEDULE_THRESHOLD_MS;
    return {
      sender,
      signature,
      templateId: body.templateId,
      body: body.body,
      kind,
      status: scheduled ? MessageStatus.Scheduled : MessageStatus.Queued,
      sendAt: scheduled ? sendAt : now,
      queuedAt: scheduled ? null : now,
      callbackUrl,
      sourceExtension,
    };
  }

  private async requireSignature(sender: AccountScope, text: string): Promise<string> {
    const signature = await this.signatures.findUsable(sender, text);
    if (!signature)
      throw new DomainException(
        ErrorCode.SignatureNotFound,
        `No signature 【${text}】 on this account or its parents`,
        'signature',
      );
    if (signature.status !== 'approved') {
      throw new DomainException(
        ErrorCode.SignatureNotApproved,
        `Signature 【${text}】 is ${signature.status}, not approved`,
        'signature',
      );
    }
    return signature.text;
  }

  private async resolveBody(
    sender: AccountScope,
    envelope: MessageEnvelopeDto,
  ): Promise<{ body: MessageBody; templateId: string | null; templateKind: MessageKind | null }> {
    if (envelope.content !== undefined) {
      const account = await this.accounts.findInScope(sender, sender.id);
      if (!account?.allowFreeText) {
        throw new DomainException(
          ErrorCode.FreeTextNotAllowed,
          'This account may only send approved templates',
          'content',
        );
      }
      return { body: { kind: 'content', content: envelope.content }, templateId: null, templateKind: null };
    }
    const templateId = envelope.template_id!.toLowerCase();
    const template = await this.templates.findUsable(sender, templateId);
    if (!template) throw new DomainException(ErrorCode.TemplateNotFound, 'Template not found', 'template_id');
    if (template.status !== 'approved') {
      throw new DomainException(
        ErrorCode.TemplateNotApproved,
        `Template is ${template.status}, not approved`,
        'template_id',
      );
    }
    return {
      body: { kind: 'template', template: compileTemplate(template.body) },
      templateId: template.id,
      templateKind: template.kind,
    };
  }
}

function requireExactlyOneBody(envelope: MessageEnvelopeDto): void {
  if (envelope.template_id !== undefined && envelope.content !== undefined) {
    throw new DomainException(
      ErrorCode.ValidationFailed,
      'Give either template_id or content, not both',
      'content',
    );
  }
  if (envelope.template_id === undefined && envelope.content === undefined) {
    throw new DomainException(
      ErrorCode.ValidationFailed,
      'template_id or content is required',
      'template_id',
    );
  }
}

function resolveKind(
  requested: MessageKind | undefined,
  body: { templateKind: MessageKind | null },
): MessageKind {
  if (body.templateKind === null) return requested ?? 'notification';
  if (requested !== undefined && requested !== body.templateKind) {
    throw new DomainException(
      ErrorCode.KindMismatch,
      `The template is approved for ${body.templateKind} messages, not ${requested}`,
      'kind',
    );
  }
  return body.templateKind;
}

/** A send_at up to `pastSkewMs` ago (client clocks drift) means now; older is refused, never silently sent now. */
function resolveSendAt(sendAt: string | undefined, now: Date, pastSkewMs: number): Date {
  if (sendAt === undefined) return now;
  const at = new Date(sendAt);
  if (Number.isNaN(at.getTime()))
    throw new DomainException(ErrorCode.ValidationFailed, 'send_at is not a valid time', 'send_at');
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
    throw new DomainException(ErrorCode.ValidationFailed, 'send_at may be at most 90 days ahead', 'send_at');
  }
  if (now.getTime() - at.getTime() > pastSkewMs) {
    throw new DomainException(
      ErrorCode.SendAtInPast,
      `send_at is ${Math.round((now.getTime() - at.getTime()) / 1000)} s in the past; at most ${pastSkewMs / 1000} s of clock skew is accepted`,
      'send_at',
    );
  }
  return at.getTime() < now.getTime() ? now : at;
}
