import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EmergencyAccessService } from '@oneroof/cases';
import { CurrentActor, RequiresStepUp, Roles, type Actor } from '@oneroof/identity';
import {
  CaseIdParam,
  EmergencyAccessDto,
  EmergencyAccessListQueryDto,
  EmergencyAccessPage,
  EmergencyAccessResponse,
  ReviewEmergencyAccessDto,
  toEmergencyAccessResponse,
} from './cases.dto';
import { ApiProblems } from '../openapi/decorators';

@ApiTags('emergency access')
@Controller()
export class EmergencyAccessController {
  constructor(@Inject(EmergencyAccessService) private readonly emergency: EmergencyAccessService) {}

  /** Break the glass: a professional not on the team, with a written reason (design.md §2). */
  @Post('cases/:id/emergency-access')
  // design.md §9: breaking the glass needs a recent second factor (for a user who has one).
  @RequiresStepUp()
  // Checked before the case is looked up, so that the answer says nothing about whether it exists.
  @Roles('professional')
  @ApiCreatedResponse({ type: EmergencyAccessResponse })
  @ApiProblems(409, 422)
  async grant(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParam,
    @Body() body: EmergencyAccessDto,
  ): Promise<EmergencyAccessResponse> {
    return toEmergencyAccessResponse(await this.emergency.grant(actor, params.id, body.reason));
  }

  @Post('emergency-access/:id/review')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOkResponse({ type: EmergencyAccessResponse })
  @ApiProblems(409)
  async review(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParam,
    @Body() body: ReviewEmergencyAccessDto,
  ): Promise<EmergencyAccessResponse> {
    return toEmergencyAccessResponse(await this.emergency.review(actor, params.id, body.verdict, body.note));
  }

  /** Coordinators find the uses they still have to review (not in design.md §4; needed to act on the notification). */
  @Get('emergency-access')
  @Roles('coordinator')
  @ApiOkResponse({ type: EmergencyAccessPage })
  async list(@CurrentActor() actor: Actor, @Query() query: EmergencyAccessListQueryDto): Promise<EmergencyAccessPage> {
    const page = await this.emergency.list(actor, { reviewed: query.reviewed }, query.limit, query.cursor);
    return { items: page.items.map(toEmergencyAccessResponse), nextCursor: page.nextCursor };
  }
}
