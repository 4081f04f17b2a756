import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import {
  BulkShortLinksQuery,
  CreateShortLinkDto,
  ListShortLinksQuery,
  UpdateShortLinkDto,
} from './dto/short-link.dto';
import { ShortLinkList, ShortLinkView } from './dto/short-link.view';
import { arrayItems, ndjsonItems } from './ndjson-items';
import { linkIdOrThrow } from './short-link-cursor';
import { BulkResultLine, ShortLinksService } from './short-links.service';

@ApiTags('short links')
@Controller('v1/links')
export class ShortLinksController {
  constructor(private readonly links: ShortLinksService) {}

  @Post()
  @HttpCode(201)
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({ summary: 'Create a short link' })
  @ApiCreatedResponse({ type: ShortLinkView })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateShortLinkDto): Promise<ShortLinkView> {
    return this.links.create(principal, dto);
  }

  @Post('bulk')
  @HttpCode(200)
  @Authenticated(Scope.MessagesSend)
  @ApiOkResponse({ description: 'NDJSON, streamed: one result line per input line, then the summary' })
  @ApiConsumes('application/x-ndjson', 'application/json')
  @ApiOperation({
    summary: 'Create up to 100,000 links in one call',
    description:
      'Body: NDJSON (`application/x-ndjson`, one link object per line, read as it arrives) or a JSON array (within ' +
      'the API body limit). Answer: NDJSON, streamed, one line per input line in order ' +
      '(`{"line":1,"status":"created","id","code","short_url"}` or `{"line":2,"status":"rejected","error":{…}}`), ' +
      'then `{"summary":{"received","created","rejected","truncated"}}`. Links are committed 2,000 per transaction.',
  })
  async bulk(
    @CurrentPrincipal() principal: Principal,
    @Query() query: BulkShortLinksQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const ndjson = /^application\/(x-)?ndjson/i.test(request.headers['content-type'] ?? '');
    const items = ndjson ? ndjsonItems(request) : arrayItems(request.body);
    let started = false;
    const emit = async (line: BulkResultLine | { summary: unknown }) => {
      if (!started) {
        response.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        started = true;
      }
      if (!response.write(`${JSON.stringify(line)}\n`))
        await new Promise<void>((resolve) => response.once('drain', resolve));
    };
    // Errors before the first line (bad account, bad default domain) are ordinary JSON errors.
    const summary = await this.links.createMany(
      principal,
      { accountId: query.account_id, domain: query.domain },
      items,
      emit,
    );
    await emit({ summary });
    response.end();
  }

  @Get()
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'List links, newest first (filter by tag; cursor pagination)' })
  @ApiOkResponse({ type: ShortLinkList })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListShortLinksQuery,
  ): Promise<ShortLinkList> {
    return this.links.list(principal, {
      accountId: query.account_id,
      tag: query.tag,
      cursor: query.cursor,
      limit: query.limit,
      includeDisabled: query.include_disabled,
    });
  }

  @Get(':id')
  @Authenticated(Scope.MessagesRead)
  @ApiOkResponse({ type: ShortLinkView })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ShortLinkView> {
    return this.links.get(principal, linkIdOrThrow(id));
  }

  @Patch(':id')
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({
    summary: 'Change the target, tags, expiry or cap, or disable/enable; redirectors see it at once',
  })
  @ApiOkResponse({ type: ShortLinkView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateShortLinkDto,
  ): Promise<ShortLinkView> {
    return this.links.update(principal, linkIdOrThrow(id), dto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Authenticated(Scope.MessagesSend)
  @ApiOkResponse({ type: ShortLinkView })
  disable(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ShortLinkView> {
    return this.links.setDisabled(principal, linkIdOrThrow(id), true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Authenticated(Scope.MessagesSend)
  @ApiOkResponse({ type: ShortLinkView })
  enable(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ShortLinkView> {
    return this.links.setDisabled(principal, linkIdOrThrow(id), false);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({ summary: 'Delete a link (its code is never reused)' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.links.remove(principal, linkIdOrThrow(id));
  }
}
