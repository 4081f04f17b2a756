import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { channelInputSchema } from '@tongdao/routing';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { Scope } from '../auth/scope';
import { ChannelStatusService } from './channel-status.service';
import { ChannelsService } from './channels.service';
import { ChannelIdPipe } from './channel-id.pipe';
import { openApiSchema } from './http-shape';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

const CHANNEL_BODY = openApiSchema(channelInputSchema);
const CHANNEL_VIEW = {
  type: 'object',
  description:
    'The channel as configured (secrets only as `password_set`), plus `live` (breaker, connections, window ' +
    'occupancy, queue depth and TPS across the running dispatchers), `delivery` (`last_5m`, `last_1h`: delivery ' +
    'rate and receipt latency, in total and by carrier and province) and `demotion` (learning’s verdicts).',
};

@ApiTags('channels')
@Controller('v1/channels')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsService,
    private readonly status: ChannelStatusService,
  ) {}

  @Get()
  @OperatorOnly(Scope.ChannelsRead)
  @ApiOperation({ summary: 'Every channel with its live state, delivery figures and demotion state' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        data: { type: 'array', items: CHANNEL_VIEW },
        queues: {
          type: 'array',
          description:
            'Messages waiting per kind and route, and the age of the oldest, as a dispatcher last measured',
          items: {
            type: 'object',
            properties: {
              kind: { type: 'string' },
              route: { type: 'string' },
              depth: { type: 'integer' },
              oldest_age_ms: { type: 'integer', nullable: true },
            },
          },
        },
      },
    },
  })
  list(): Promise<{ data: unknown[]; queues: unknown[] }> {
    return this.status.list();
  }

  @Get(':id')
  @OperatorOnly(Scope.ChannelsRead)
  @ApiOperation({ summary: 'One channel with its live state and learning decisions' })
  @ApiOkResponse({ schema: CHANNEL_VIEW })
  @ApiNotFoundResponse({ description: 'No such channel' })
  get(@Param('id', ChannelIdPipe) id: string): Promise<unknown> {
    return this.status.get(id);
  }

  @Post()
  @ApiErrors(ErrorCode.AlreadyExists)
  @HttpCode(201)
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiOperation({
    summary: 'Add a channel; every dispatcher opens it within seconds',
    description: 'The password is sealed with SECRETS_KEY on arrival and never returned.',
  })
  @ApiBody({ schema: CHANNEL_BODY })
  @ApiCreatedResponse({ schema: CHANNEL_VIEW })
  @ApiConflictResponse({ description: 'A channel with this id exists (ALREADY_EXISTS)' })
  async create(@Body() body: unknown): Promise<unknown> {
    const definition = await this.channels.create(body);
    return this.status.get(definition.id);
  }

  @Patch(':id')
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiOperation({
    summary: 'Change a channel; dispatchers apply it within seconds',
    description:
      'Routing fields, limits and the connection count apply in place; endpoint, credential or session changes ' +
      'open new connections while the old ones finish their in-flight submits.',
  })
  @ApiBody({ schema: { ...CHANNEL_BODY, required: [] } })
  @ApiOkResponse({ schema: CHANNEL_VIEW })
  @ApiNotFoundResponse({ description: 'No such channel' })
  async update(@Param('id', ChannelIdPipe) id: string, @Body() body: unknown): Promise<unknown> {
    await this.channels.update(id, body);
    return this.status.get(id);
  }

  @Delete(':id')
  @ApiErrors(ErrorCode.ChannelInUse)
  @HttpCode(204)
  @OperatorOnly(Scope.ChannelsWrite)
  @ApiOperation({ summary: 'Remove a channel (disable it instead to keep its history visible)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such channel' })
  @ApiConflictResponse({ description: 'Routes still use it (CHANNEL_IN_USE)' })
  async remove(@Param('id', ChannelIdPipe) id: string): Promise<void> {
    await this.channels.remove(id);
  }
}
