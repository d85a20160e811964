import { ApiProblems } from '../openapi/decorators';
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgendaService, ConferencesService, ReviewRosterService } from '@oneroof/conferences';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { CaseIdParam } from '../cases/cases.dto';
import { ListQueryDto } from '../common/list-query.dto';
import {
  AddendumDto,
  AgendaResponse,
  CancelConferenceDto,
  ConferenceIdParam,
  ConferencePage,
  ConferenceResponse,
  RecordConferenceDto,
  RescheduleConferenceDto,
  RosterPage,
  RosterQueryDto,
  ScheduleConferenceDto,
  toAgendaItemResponse,
  toConferenceResponse,
  toRosterRowResponse,
} from './conferences.dto';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** design.md §7 conference rows. Who may do what is the CaseGate's and the state machine's to decide, never this edge's. */
@ApiTags('conferences')
@Controller()
export class ConferencesController {
  constructor(
    @Inject(ConferencesService) private readonly conferences: ConferencesService,
    @Inject(AgendaService) private readonly agendas: AgendaService,
    @Inject(ReviewRosterService) private readonly roster: ReviewRosterService,
  ) {}

  @ApiProblems(403, 409, 422)
  @Post('cases/:id/conferences')
  @ApiCreatedResponse({ type: ConferenceResponse })
  async schedule(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParam,
    @Body() body: ScheduleConferenceDto,
  ): Promise<ConferenceResponse> {
    return toConferenceResponse(
      await this.conferences.schedule(actor, params.id, {
        kind: body.kind,
        scheduledAt: new Date(body.scheduledAt),
        chairId: body.chairId,
        participantIds: body.participantIds ?? [],
      }),
    );
  }

  @Get('cases/:id/conferences')
  @ApiOkResponse({ type: ConferencePage })
  async list(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<ConferencePage> {
    const page = await this.conferences.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toConferenceResponse), nextCursor: page.nextCursor };
  }

  @Get('conferences/:id')
  @ApiOkResponse({ type: ConferenceResponse })
  async get(@CurrentActor() actor: Actor, @Param() params: ConferenceIdParam): Promise<ConferenceResponse> {
    return toConferenceResponse(await this.conferences.get(actor, params.id));
  }

  @ApiProblems(403, 409, 422)
  @Patch('conferences/:id')
  @ApiOkResponse({ type: ConferenceResponse })
  async reschedule(
    @CurrentActor() actor: Actor,
    @Param() params: ConferenceIdParam,
    @Body() body: RescheduleConferenceDto,
  ): Promise<ConferenceResponse> {
    return toConferenceResponse(
      await this.conferences.reschedule(actor, params.id, {
        version: body.version,
        scheduledAt: date(body.scheduledAt),
        kind: body.kind,
        chairId: body.chairId,
        participantIds: body.participantIds,
      }),
    );
  }

  @ApiProblems(403, 409, 422)
  @Post('conferences/:id/record')
  @HttpCode(200)
  @ApiOkResponse({ type: ConferenceResponse })
  async record(
    @CurrentActor() actor: Actor,
    @Param() params: ConferenceIdParam,
    @Body() body: RecordConferenceDto,
  ): Promise<ConferenceResponse> {
    return toConferenceResponse(
      await this.conferences.record(actor, params.id, {
        heldAt: new Date(body.heldAt),
        participantIds: body.participantIds,
        familyParticipation: body.familyParticipation ?? null,
        childView: body.childView ?? null,
        minutes: body.minutes ?? null,
        decisions: body.decisions ?? [],
        actions: (body.actions ?? []).map((a) => ({ title: a.title, assigneeId: a.assigneeId, dueAt: new Date(a.dueAt) })),
        nextReviewAt: date(body.nextReviewAt) ?? null,
      }),
    );
  }

  @ApiProblems(403, 409, 422)
  @Post('conferences/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ConferenceResponse })
  async cancel(
    @CurrentActor() actor: Actor,
    @Param() params: ConferenceIdParam,
    @Body() body: CancelConferenceDto,
  ): Promise<ConferenceResponse> {
    return toConferenceResponse(await this.conferences.cancel(actor, params.id, body.reason));
  }

  @ApiProblems(403, 409, 422)
  @Post('conferences/:id/addenda')
  @ApiCreatedResponse({ type: ConferenceResponse })
  async addendum(@CurrentActor() actor: Actor, @Param() params: ConferenceIdParam, @Body() body: AddendumDto): Promise<ConferenceResponse> {
    return toConferenceResponse(await this.conferences.addAddendum(actor, params.id, body.text));
  }

  @ApiProblems(403)
  @Get('conferences/:id/agenda')
  @ApiOkResponse({ type: AgendaResponse })
  async agenda(@CurrentActor() actor: Actor, @Param() params: ConferenceIdParam): Promise<AgendaResponse> {
    const agenda = await this.agendas.agenda(actor, params.id);
    return { conferenceId: agenda.conferenceId, items: agenda.items.map(toAgendaItemResponse) };
  }

  @Get('review-roster')
  @ApiOkResponse({ type: RosterPage })
  async reviewRoster(@CurrentActor() actor: Actor, @Query() query: RosterQueryDto): Promise<RosterPage> {
    const page = await this.roster.roster(actor, query.date, query.limit, query.cursor);
    return { date: page.date, items: page.items.map(toRosterRowResponse), nextCursor: page.nextCursor };
  }
}
