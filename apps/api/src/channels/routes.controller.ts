import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { StoredRoute } from '@tongdao/database';
import { routeRuleInputSchema } from '@tongdao/routing';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { Scope } from '../auth/scope';
import { ChannelIdPipe } from './channel-id.pipe';
import { openApiSchema, snakeKeys } from './http-shape';
import { RoutesService } from './routes.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

const ROUTE_BODY = openApiSchema(routeRuleInputSchema);
const ROUTE_VIEW = {
  ...ROUTE_BODY,
  description: 'A routing rule, with id, managed_by, created_at and updated_at',
};

function view(route: StoredRoute): unknown {
  return snakeKeys({
    ...route.rule,
    managedBy: route.managedBy,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  });
}

@ApiTags('channels')
@Controller('v1/routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @OperatorOnly(Scope.ChannelsRead)
  @ApiOperation({ summary: 'Routing rules' })
  @ApiOkResponse({ schema: { type: 'object', properties: { data: { type: 'array', items: ROUTE_VIEW } } } })
  async list(): Promise<{ data: unknown[] }> {
    return { data: (await this.routes.list()).map(view) };
  }

  @Get(':id')
  @OperatorOnly(Scope.ChannelsRead)
  @ApiOkResponse({ schema: ROUTE_VIEW })
  @ApiNotFoundResponse({ description: 'No such route' })
  async get(@Param('id', ChannelIdPipe) id: string): Promise<unknown> {
    return view(await this.routes.get(id));
  }

  @Post()
  @ApiErrors(ErrorCode.UnknownChannel, ErrorCode.UnknownAccount)
  @HttpCode(201)
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiOperation({
    summary: 'Add a routing rule',
    description:
      'Messages to `target` (and of `account_id`, `kind`, `province` where given) try the rule’s channels, spread ' +
      'by weight, before the channels’ own priority levels. More specific rules go first: account, then province, ' +
      'then kind, then carrier-wide; among equals the lower `priority`.',
  })
  @ApiBody({ schema: ROUTE_BODY })
  @ApiCreatedResponse({ schema: ROUTE_VIEW })
  @ApiUnprocessableEntityResponse({ description: 'A listed channel or the account does not exist' })
  async create(@Body() body: unknown): Promise<unknown> {
    return view(await this.routes.create(body));
  }

  @Patch(':id')
  @ApiErrors(ErrorCode.UnknownChannel, ErrorCode.UnknownAccount)
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiBody({ schema: { ...ROUTE_BODY, required: [] } })
  @ApiOkResponse({ schema: ROUTE_VIEW })
  @ApiNotFoundResponse({ description: 'No such route' })
  async update(@Param('id', ChannelIdPipe) id: string, @Body() body: unknown): Promise<unknown> {
    return view(await this.routes.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such route' })
  async remove(@Param('id', ChannelIdPipe) id: string): Promise<void> {
    await this.routes.remove(id);
  }
}
