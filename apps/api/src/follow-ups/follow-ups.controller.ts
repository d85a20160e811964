import { Body, Controller, Get, Header, Headers, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FeedTokensService, FollowUpsService, renderCalendar } from '@oneroof/follow-ups';
import { CurrentActor, Public, type Actor } from '@oneroof/identity';
import { Clock, invalid } from '@oneroof/platform';
import { CaseIdParams } from '../intake/intake.dto';
import { FeedAuthGuard } from './feed-auth.guard';
import {
  AgendaQueryDto,
  CalendarQueryDto,
  FeedTokenResponse,
  FollowUpIdParam,
  FollowUpListQueryDto,
  FollowUpPage,
  FollowUpResponse,
  NewFollowUpDto,
  toFollowUpResponse,
  UpdateFollowUpDto,
} from './follow-ups.dto';
import { ApiProblems, RefusesIdempotencyKey } from '../openapi/decorators';

const DAY_MS = 24 * 60 * 60 * 1000;
const FEED_LIMIT = 1000;

function timeWindow(from: string | undefined, to: string | undefined, defaultFrom?: Date): { from?: Date; to?: Date } {
  const range = { from: from ? new Date(from) : defaultFrom, to: to ? new Date(to) : undefined };
  if (range.from && range.to && range.from >= range.to) throw invalid([{ field: 'to', message: 'to must lie after from' }]);
  return range;
}

/** design.md §4 follow-up rows, the caller's agenda and its calendar feed. */
@ApiTags('follow-ups')
@Controller()
export class FollowUpsController {
  constructor(
    @Inject(FollowUpsService) private readonly followUps: FollowUpsService,
    @Inject(FeedTokensService) private readonly feedTokens: FeedTokensService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('cases/:id/follow-ups')
  @ApiCreatedResponse({ type: FollowUpResponse })
  @ApiProblems(403, 409, 422)
  async create(@CurrentActor() actor: Actor, @Param() params: CaseIdParams, @Body() body: NewFollowUpDto): Promise<FollowUpResponse> {
    return toFollowUpResponse(await this.followUps.create(actor, params.id, { ...body, scheduledAt: new Date(body.scheduledAt) }));
  }

  @Get('cases/:id/follow-ups')
  @ApiOkResponse({ type: FollowUpPage })
  async list(@CurrentActor() actor: Actor, @Param() params: CaseIdParams, @Query() query: FollowUpListQueryDto): Promise<FollowUpPage> {
    const page = await this.followUps.list(actor, params.id, { status: query.status }, query.limit, query.cursor);
    return { items: page.items.map(toFollowUpResponse), nextCursor: page.nextCursor };
  }

  @Patch('follow-ups/:id')
  @ApiOkResponse({ type: FollowUpResponse })
  @ApiProblems(403, 409, 422)
  async update(@CurrentActor() actor: Actor, @Param() params: FollowUpIdParam, @Body() body: UpdateFollowUpDto): Promise<FollowUpResponse> {
    const changes = { ...body, scheduledAt: body.scheduledAt === undefined ? undefined : new Date(body.scheduledAt) };
    return toFollowUpResponse(await this.followUps.update(actor, params.id, changes));
  }

  @Get('me/follow-ups')
  @ApiOkResponse({ type: FollowUpPage })
  async agenda(@CurrentActor() actor: Actor, @Query() query: AgendaQueryDto): Promise<FollowUpPage> {
    const page = await this.followUps.agenda(
      actor,
      { ...timeWindow(query.from, query.to), status: query.status },
      query.limit,
      query.cursor,
    );
    return { items: page.items.map(toFollowUpResponse), nextCursor: page.nextCursor };
  }

  /** For calendar apps: @Public() for the global guard, FeedAuthGuard authenticates (bearer or feed token). */
  @Get('me/follow-ups.ics')
  @Public()
  @UseGuards(FeedAuthGuard)
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'RFC 5545 iCalendar: case references and kinds only', schema: { type: 'string' } })
  async calendar(@CurrentActor() actor: Actor, @Query() query: CalendarQueryDto): Promise<string> {
    const now = this.clock.now();
    const range = timeWindow(query.from, query.to, new Date(now.getTime() - 30 * DAY_MS));
    const items = await this.followUps.calendar(actor, range, FEED_LIMIT);
    return renderCalendar(items, { now });
  }

  /** Creates or rotates the caller's feed token; the old one stops working at once. */
  @Post('me/follow-ups.ics/token')
  @RefusesIdempotencyKey()
  @ApiCreatedResponse({ type: FeedTokenResponse })
  async rotateFeedToken(@CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey?: string): Promise<FeedTokenResponse> {
    // A replay would hand the secret out again from the idempotency store: a new token each time instead.
    if (idempotencyKey !== undefined) {
      throw invalid([{ field: 'Idempotency-Key', message: 'a feed token is never replayed; send this request without Idempotency-Key' }]);
    }
    const { token, createdAt } = await this.feedTokens.rotate(actor);
    return { token, url: `/api/me/follow-ups.ics?token=${token}`, createdAt: createdAt.toISOString() };
  }
}
