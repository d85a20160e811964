import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HandoversService } from '@oneroof/handovers';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { CaseIdParam } from '../cases/cases.dto';
import {
  AcceptHandoverDto,
  HandoverIdParam,
  HandoverListQueryDto,
  HandoverPage,
  HandoverReasonDto,
  HandoverResponse,
  MeetingDto,
  ProposeHandoverDto,
  toHandoverResponse,
  toHandoverSummaryResponse,
} from './handovers.dto';
import { ApiProblems } from '../openapi/decorators';

/** design.md §4 handover rows. Who may do what is the CaseGate's and the state machine's to decide, never this edge's. */
@ApiTags('handovers')
@Controller()
export class HandoversController {
  constructor(@Inject(HandoversService) private readonly handovers: HandoversService) {}

  @Post('cases/:id/handovers')
  @ApiCreatedResponse({ type: HandoverResponse })
  @ApiProblems(403, 409, 422)
  async propose(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: ProposeHandoverDto): Promise<HandoverResponse> {
    return toHandoverResponse(
      await this.handovers.propose(actor, params.id, {
        toUserId: body.toUserId,
        reason: body.reason,
        checklist: body.checklist,
        respondBy: body.respondBy === undefined ? undefined : new Date(body.respondBy),
      }),
    );
  }

  @Get('handovers')
  @ApiOkResponse({ type: HandoverPage })
  async list(@CurrentActor() actor: Actor, @Query() query: HandoverListQueryDto): Promise<HandoverPage> {
    const page = await this.handovers.list(actor, { direction: query.direction, status: query.status }, query.limit, query.cursor);
    return { items: page.items.map(toHandoverSummaryResponse), nextCursor: page.nextCursor };
  }

  @Get('handovers/:id')
  @ApiOkResponse({ type: HandoverResponse })
  async get(@CurrentActor() actor: Actor, @Param() params: HandoverIdParam): Promise<HandoverResponse> {
    return toHandoverResponse(await this.handovers.get(actor, params.id));
  }

  @Post('handovers/:id/meeting')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  @ApiProblems(403, 409, 422)
  async meeting(@CurrentActor() actor: Actor, @Param() params: HandoverIdParam, @Body() body: MeetingDto): Promise<HandoverResponse> {
    return toHandoverResponse(
      await this.handovers.recordMeeting(actor, params.id, {
        heldAt: new Date(body.heldAt),
        participantIds: body.participantIds ?? [],
        familyPresent: body.familyPresent,
        notes: body.notes,
      }),
    );
  }

  @Post('handovers/:id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  @ApiProblems(403, 409, 422)
  async accept(@CurrentActor() actor: Actor, @Param() params: HandoverIdParam, @Body() body: AcceptHandoverDto): Promise<HandoverResponse> {
    return toHandoverResponse(await this.handovers.accept(actor, params.id, { confirmInformed: body.confirmInformed, note: body.note }));
  }

  @Post('handovers/:id/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  @ApiProblems(403, 409)
  async decline(
    @CurrentActor() actor: Actor,
    @Param() params: HandoverIdParam,
    @Body() body: HandoverReasonDto,
  ): Promise<HandoverResponse> {
    return toHandoverResponse(await this.handovers.decline(actor, params.id, body.reason));
  }

  @Post('handovers/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  @ApiProblems(403, 409)
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param() params: HandoverIdParam,
    @Body() body: HandoverReasonDto,
  ): Promise<HandoverResponse> {
    return toHandoverResponse(await this.handovers.withdraw(actor, params.id, body.reason));
  }
}
