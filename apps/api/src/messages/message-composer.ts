import { ErrorCode } from '@tongdao/platform';
import { normalizePhone, NumberResolver } from '@tongdao/phone';
import { countSegments } from '@tongdao/sms';
import { CompiledTemplate, renderTemplate } from '../templates/template-body';
import { RecipientInput } from './recipient-input';
import { RecipientRejection, rejection } from './recipient-rejection';

/** Carriers refuse very long concatenated messages; ten segments (~670 Chinese characters) is a safe ceiling. */
export const MAX_SEGMENTS_PER_MESSAGE = 10;

export type MessageBody =
  { kind: 'template'; template: CompiledTemplate } | { kind: 'content'; content: string };

/** A recipient that passed every check, with the final text, its carrier guess and its province. */
export interface ComposedMessage {
  phone: string;
  content: string;
  encoding: string;
  segments: number;
  carrier: string | null;
  province: string | null;
  clientRef: string | null;
  templateParams: Readonly<Record<string, string>> | null;
}

export type ComposeResult =
  { ok: true; message: ComposedMessage } | { ok: false; rejection: RecipientRejection };

/**
 * Turns recipients into final messages for one request: phone normalisation, duplicate detection, variable
 * substitution, the 【signature】 prefix and segment counting. One composer per request (it remembers phones).
 */
export class MessageComposer {
  private readonly seenPhones = new Set<string>();
  private readonly prefix: string;
  private readonly fixedText: ReturnType<typeof countSegments> | null;
  private readonly variables: ReadonlySet<string>;

  constructor(
    signature: string,
    private readonly body: MessageBody,
    private readonly numbers: NumberResolver,
  ) {
    this.prefix = `【${signature}】`;
    this.fixedText = body.kind === 'content' ? countSegments(this.prefix + body.content) : null;
    this.variables = new Set(body.kind === 'template' ? body.template.variables : []);
  }

  compose(recipient: RecipientInput): ComposeResult {
    const parsed = normalizePhone(recipient.phone);
    if (!parsed.ok)
      return fail(
        rejection(ErrorCode.InvalidPhone, `${parsed.reason} (${parsed.code})`, 'phone', parsed.code),
      );
    const phone = parsed.phone.e164;
    if (this.seenPhones.has(phone)) {
      return fail(
        rejection(
          ErrorCode.DuplicateInBatch,
          'this phone number already appears earlier in the request',
          'phone',
        ),
      );
    }
    const text = this.render(recipient);
    if (!text.ok) return text;
    const layout = this.fixedText ?? countSegments(text.content);
    if (layout.segments > MAX_SEGMENTS_PER_MESSAGE) {
      return fail(
        rejection(
          ErrorCode.ContentTooLong,
          `message needs ${layout.segments} segments; at most ${MAX_SEGMENTS_PER_MESSAGE} are allowed`,
          this.contentField(),
        ),
      );
    }
    this.seenPhones.add(phone);
    const number = parsed.phone.mainland ? this.numbers.resolve(parsed.phone.national) : null;
    return {
      ok: true,
      message: {
        phone,
        content: text.content,
        encoding: layout.encoding,
        segments: layout.segments,
        carrier: number?.carrier ?? null,
        province: number?.province ?? null,
        clientRef: recipient.clientRef,
        templateParams: this.body.kind === 'template' ? recipient.templateParams : null,
      },
    };
  }

  private render(
    recipient: RecipientInput,
  ): { ok: true; content: string } | { ok: false; rejection: RecipientRejection } {
    if (this.body.kind === 'content') {
      if (Object.keys(recipient.templateParams).length > 0) {
        return fail(
          rejection(
            ErrorCode.ValidationFailed,
            'template_params only apply to template messages',
            'template_params',
          ),
        );
      }
      return { ok: true, content: this.prefix + this.body.content };
    }
    const unknown = Object.keys(recipient.templateParams).find((name) => !this.variables.has(name));
    if (unknown !== undefined) {
      return fail(
        rejection(
          ErrorCode.TemplateVariableInvalid,
          `the template has no variable ${unknown}`,
          `template_params.${unknown}`,
        ),
      );
    }
    const rendered = renderTemplate(this.body.template, recipient.templateParams);
    if (!rendered.ok) {
      return fail(
        rejection(
          ErrorCode.TemplateVariableMissing,
          `template variable ${rendered.missing} is missing`,
          `template_params.${rendered.missing}`,
        ),
      );
    }
    return { ok: true, content: this.prefix + rendered.text };
  }

  private contentField(): string {
    return this.body.kind === 'template' ? 'template_params' : 'content';
  }
}

function fail(reason: RecipientRejection): { ok: false; rejection: RecipientRejection } {
  return { ok: false, rejection: reason };
}
