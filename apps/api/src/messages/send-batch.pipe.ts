import { Injectable, PipeTransform } from '@nestjs/common';
import { createValidationPipe, DomainException, ErrorCode } from '@tongdao/platform';
import { MessageEnvelopeDto, SendBatchDto } from './send-message.dto';

/**
 * Validates a batch body: the envelope with class-validator like every other DTO, the recipients array only for
 * its shape. Running class-transformer and class-validator over 10,000 recipient objects would cost more than
 * storing them; each recipient is checked by the hand-written parseRecipient instead, with per-recipient results.
 */
@Injectable()
export class SendBatchPipe implements PipeTransform<unknown, Promise<SendBatchDto>> {
  private readonly envelopePipe = createValidationPipe();

  async transform(value: unknown): Promise<SendBatchDto> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DomainException(ErrorCode.ValidationFailed, 'The request body must be a JSON object', 'body');
    }
    const { recipients, ...envelope } = value as Record<string, unknown>;
    const checked = (await this.envelopePipe.transform(envelope, {
      type: 'body',
      metatype: MessageEnvelopeDto,
    })) as MessageEnvelopeDto;
    if (!Array.isArray(recipients)) {
      throw new DomainException(ErrorCode.ValidationFailed, 'recipients must be an array', 'recipients');
    }
    if (recipients.length === 0) {
      throw new DomainException(ErrorCode.ValidationFailed, 'recipients must not be empty', 'recipients');
    }
    return Object.assign(checked, { recipients });
  }
}
