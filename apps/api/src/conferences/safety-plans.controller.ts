import { ApiProblems } from '../openapi/decorators';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SafetyPlansService } from '@oneroof/conferences';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { CaseIdParam } from '../cases/cases.dto';
import { ListQueryDto } from '../common/list-query.dto';
import {
  AgreementCheckParams,
  CheckDto,
  CheckResponse,
  NewSafetyPlanDto,
  SafetyPlanPage,
  SafetyPlanResponse,
  toCheckResponse,
  toSafetyPlanResponse,
} from './safety-plans.dto';

/** design.md §7 safety-plan rows. Access is the CaseGate's to decide, never this edge's. */
@ApiTags('safety plans')
@Controller()
export class SafetyPlansController {
  constructor(@Inject(SafetyPlansService) private readonly plans: SafetyPlansService) {}

  @ApiProblems(403, 409, 422)
  @Post('cases/:id/safety-plans')
  @ApiCreatedResponse({ type: SafetyPlanResponse })
  async create(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: NewSafetyPlanDto): Promise<SafetyPlanResponse> {
    return toSafetyPlanResponse(
      await this.plans.create(actor, params.id, {
        phase: body.phase,
        agreedAt: new Date(body.agreedAt),
        agreedWithPersonIds: body.agreedWithPersonIds ?? [],
        agreements: (body.agreements ?? []).map((a) => ({
          text: a.text,
          personIds: a.personIds ?? [],
          responsibleUserId: a.responsibleUserId,
          checkEveryDays: a.checkEveryDays,
          nextCheckAt: a.nextCheckAt === undefined ? null : new Date(a.nextCheckAt),
        })),
        goals: (body.goals ?? []).map((g) => ({
          personId: g.personId,
          track: g.track,
          text: g.text,
          providerOrganisationId: g.providerOrganisationId ?? null,
          status: g.status,
        })),
        noPerpetratorGoalReason: body.noPerpetratorGoalReason ?? null,
        reviewAt: new Date(body.reviewAt),
      }),
    );
  }

  @ApiProblems(403)
  @Get('cases/:id/safety-plans')
  @ApiOkResponse({ type: SafetyPlanPage })
  async list(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Query() query: ListQueryDto): Promise<SafetyPlanPage> {
    const page = await this.plans.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toSafetyPlanResponse), nextCursor: page.nextCursor };
  }

  @Get('cases/:id/safety-plan')
  @ApiOkResponse({ type: SafetyPlanResponse })
  async current(@CurrentActor() actor: Actor, @Param() params: CaseIdParam): Promise<SafetyPlanResponse> {
    return toSafetyPlanResponse(await this.plans.current(actor, params.id));
  }

  @ApiProblems(403, 409, 422)
  @Post('cases/:id/safety-plan/agreements/:agreementId/checks')
  @ApiCreatedResponse({ type: CheckResponse })
  async check(@CurrentActor() actor: Actor, @Param() params: AgreementCheckParams, @Body() body: CheckDto): Promise<CheckResponse> {
    return toCheckResponse(
      await this.plans.check(actor, params.id, params.agreementId, {
        checkedAt: new Date(body.checkedAt),
        result: body.result,
        note: body.note,
      }),
    );
  }
}
