import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { NumberDataModule } from '@tongdao/number-data';
import { NumberLookupController } from './number-lookup.controller';
import { NumberLookupService } from './number-lookup.service';
import { PortabilityOverrideService } from './portability-override.service';
import { PortabilityOverridesController } from './portability-overrides.controller';
import { PrefixImportService } from './prefix-import.service';
import { PrefixImportsController } from './prefix-imports.controller';
import { NumberFileUploadMiddleware } from './number-file-upload.middleware';

/** Operator API for number intelligence (issue 6): prefix imports, portability overrides, lookups. */
@Module({
  imports: [NumberDataModule],
  // Order matters: NumberLookupController's `v1/numbers/:phone` must come after the fixed paths.
  controllers: [PrefixImportsController, PortabilityOverridesController, NumberLookupController],
  providers: [
    PrefixImportService,
    PortabilityOverrideService,
    NumberLookupService,
    NumberFileUploadMiddleware,
  ],
})
export class NumbersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(NumberFileUploadMiddleware)
      .forRoutes(
        { path: 'v1/numbers/prefix-imports', method: RequestMethod.POST },
        { path: 'v1/numbers/overrides/import', method: RequestMethod.POST },
      );
  }
}
