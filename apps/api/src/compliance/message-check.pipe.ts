import { Injectable, PipeTransform } from '@nestjs/common';
import { createValidationPipe } from '@tongdao/platform';
import { SendBatchPipe } from '../messages/send-batch.pipe';
import { SendBatchDto, SendMessageDto } from '../messages/send-message.dto';

/** A dry-run body is a single message (`phone`) or a batch (`recipients`), validated like the real sends. */
@Injectable()
export class MessageCheckPipe implements PipeTransform<unknown, Promise<SendMessageDto | SendBatchDto>> {
  private readonly batchPipe = new SendBatchPipe();
  private readonly singlePipe = createValidationPipe();

  async transform(value: unknown): Promise<SendMessageDto | SendBatchDto> {
    if (typeof value === 'object' && value !== null && 'recipients' in value)
      return this.batchPipe.transform(value);
    return (await this.singlePipe.transform(value, {
      type: 'body',
      metatype: SendMessageDto,
    })) as SendMessageDto;
  }
}
