import { LINK_VARIABLE, shortLinkText } from '@tongdao/attribution';
import { ShortCodeGenerator } from '@tongdao/short-links';
import type { ComposedMessage } from '../messages/message-composer';
import type { RecipientInput } from '../messages/recipient-input';
import { MessageLinkRequest } from './message-link-request';

/**
 * The per-recipient links of one send. Each recipient's code is drawn before the text is composed, so the text (and
 * its segment count) carries the real short URL; codes of one plan all have the same length, so redrawing a code
 * that collided at insert time changes neither the text's length nor its encoding.
 */
export class RecipientLinkPlan {
  constructor(
    readonly request: MessageLinkRequest,
    readonly domain: { id: string; host: string },
    private readonly codes: ShortCodeGenerator,
  ) {}

  /** The recipient with `${link}` filled by a fresh short URL. */
  attach(recipient: RecipientInput): RecipientInput {
    return {
      ...recipient,
      templateParams: { ...recipient.templateParams, [LINK_VARIABLE]: this.urlOf(this.codes.next()) },
    };
  }

  codeOf(message: ComposedMessage): string {
    const url = message.templateParams?.[LINK_VARIABLE] ?? '';
    return url.slice(url.lastIndexOf('/') + 1);
  }

  /** Gives the message a new code (same length) in its text and parameters; answers the code. */
  redraw(message: ComposedMessage): string {
    const previous = this.urlOf(this.codeOf(message));
    const code = this.codes.next();
    const next = this.urlOf(code);
    message.content = message.content.split(previous).join(next);
    message.templateParams = { ...message.templateParams, [LINK_VARIABLE]: next };
    return code;
  }

  private urlOf(code: string): string {
    return shortLinkText(this.domain.host, code, this.request.includeScheme);
  }
}
