import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CasesService, EntriesService, PersonsService, TeamService, TimelineService } from '@oneroof/cases';
import { FollowUpsService } from '@oneroof/follow-ups';
import { CurrentActor, Roles, type Actor } from '@oneroof/identity';
import { ListQueryDto } from '../common/list-query.dto';
import {
  AddTeamMemberDto,
  CaseIdParam,
  CaseListQueryDto,
  CaseMemberParams,
  CasePage,
  CasePersonParams,
  CaseResponse,
  CloseCaseDto,
  EntryPage,
  EntryResponse,
  NewEntryDto,
  OpenCaseDto,
  PersonInputDto,
  PersonResponse,
  TeamResponse,
  TimelinePage,
  toCaseResponse,
  toCaseSummaryResponse,
  toEntryResponse,
  toPersonResponse,
  toTeamResponse,
  toTimelineItemResponse,
  UpdateCaseDto,
  UpdatePersonDto,
} from './cases.dto';
import { ApiProblems } from '../openapi/decorators';

/** design.md §4 case rows. Access is decided in libs/access through the services, never here. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(PersonsService) private readonly persons: PersonsService,
    @Inject(TeamService) private readonly team: TeamService,
    @Inject(EntriesService) private readonly entries: EntriesService,
    @Inject(TimelineService) private readonly timeline: TimelineService,
    @Inject(FollowUpsService) private readonly followUps: FollowUpsService,
  ) {}

  @Post()
  @Roles('professional')
  @ApiCreatedResponse({ type: CaseResponse })
  async open(@CurrentActor() actor: Actor, @Body() body: OpenCaseDto): Promise<CaseResponse> {
    return toCaseResponse(await this.cases.open(actor, { ...body, reportedAt: body.reportedAt ? new Date(body.reportedAt) : undefined }));
  }

  @Get()
  @ApiOkResponse({ type: CasePage })
  async list(@CurrentActor() actor: Actor, @Query() query: CaseListQueryDto): Promise<CasePage> {
    const page = await this.cases.list(actor, { status: query.status, urgency: query.urgency }, query.limit, query.cursor);
    return { items: page.items.map(toCaseSummaryResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseResponse })
  async get(@CurrentActor() actor: Actor, @Param() params: CaseIdParam): Promise<CaseResponse> {
    return toCaseResponse(await this.cases.get(actor, params.id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(403, 409)
  async update(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: UpdateCaseDto): Promise<CaseResponse> {
    return toCaseResponse(
      await this.cases.update(actor, params.id, { ...body, reportedAt: body.reportedAt ? new Date(body.reportedAt) : undefined }),
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(403, 409, 422)
  async close(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: CloseCaseDto): Promise<CaseResponse> {
    const aftercare = body.aftercare;
    // design.md §8: the aftercare checks are the follow-ups context's, planned in the closing's transaction.
    const planAftercare = aftercare
      ? (tx: Parameters<FollowUpsService['planAftercare']>[0], closedAt: Date) =>
          this.followUps.planAftercare(tx, { caseId: params.id, createdBy: actor.id, assigneeId: aftercare.assigneeId, closedAt })
      : undefined;
    return toCaseResponse(await this.cases.close(actor, params.id, body.reason, planAftercare));
  }

  @Post(':id/persons')
  @ApiCreatedResponse({ type: PersonResponse })
  @ApiProblems(403, 409)
  async addPerson(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: PersonInputDto): Promise<PersonResponse> {
    return toPersonResponse(await this.persons.add(actor, params.id, body));
  }

  @Patch(':id/persons/:personId')
  @ApiOkResponse({ type: PersonResponse })
  @ApiProblems(403, 409)
  async updatePerson(
    @CurrentActor() actor: Actor,
    @Param() params: CasePersonParams,
    @Body() body: UpdatePersonDto,
  ): Promise<PersonResponse> {
    return toPersonResponse(await this.persons.update(actor, params.id, params.personId, body));
  }

  @Post(':id/team')
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiProblems(403, 409, 422)
  async addMember(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: AddTeamMemberDto): Promise<TeamResponse> {
    return { team: toTeamResponse(await this.team.add(actor, params.id, body.userId)) };
  }

  @Delete(':id/team/:userId')
  @ApiOkResponse({ type: TeamResponse })
  @ApiProblems(403, 409)
  async removeMember(@CurrentActor() actor: Actor, @Param() params: CaseMemberParams): Promise<TeamResponse> {
    return { team: toTeamResponse(await this.team.remove(actor, params.id, params.userId)) };
  }

  @Post(':id/entries')
  @ApiCreatedResponse({ type: EntryResponse })
  @ApiProblems(403, 409, 422)
  async addEntry(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: NewEntryDto): Promise<EntryResponse> {
    return toEntryResponse(await this.entries.add(actor, params.id, body));
  }

  @Get(':id/entries')
  @ApiOkResponse({ type: EntryPage })
  @ApiProblems(403)
  async listEntries(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<EntryPage> {
    const page = await this.entries.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toEntryResponse), nextCursor: page.nextCursor };
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelinePage })
  @ApiProblems(403)
  async timelineOf(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<TimelinePage> {
    const page = await this.timeline.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toTimelineItemResponse), nextCursor: page.nextCursor };
  }
}
