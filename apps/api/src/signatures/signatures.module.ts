import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SignatureRepository } from './signature.repository';
import { SignaturesController } from './signatures.controller';
import { SignaturesService } from './signatures.service';

@Module({
  imports: [AccountsModule],
  controllers: [SignaturesController],
  providers: [SignatureRepository, SignaturesService],
  exports: [SignatureRepository],
})
export class SignaturesModule {}
