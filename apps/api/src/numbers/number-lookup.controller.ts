import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { Scope } from '../auth/scope';
import { NumberLookupService } from './number-lookup.service';
import { NumberDataStatusView, NumberLookupView } from './number-views';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

/** Registered after the other numbers controllers: `:phone` would otherwise shadow their paths. */
@ApiTags('numbers')
@Controller('v1/numbers')
export class NumberLookupController {
  constructor(private readonly numbers: NumberLookupService) {}

  @Get('status')
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'The number-data revision this process serves, and its coverage' })
  @ApiOkResponse({ type: NumberDataStatusView })
  status(): NumberDataStatusView {
    return this.numbers.status();
  }

  @Get(':phone')
  @ApiErrors(ErrorCode.InvalidPhone)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({
    summary: 'Carrier, province and city of a number, and where each came from (override, imported, builtin)',
  })
  @ApiOkResponse({ type: NumberLookupView })
  lookup(@Param('phone') phone: string): NumberLookupView {
    return this.numbers.lookup(phone);
  }
}
