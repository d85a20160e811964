import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { AssessmentsService, ExaminationsService, IntakeService, InterviewsService } from '@oneroof/intake';
import { ListQueryDto } from '../common/list-query.dto';
import {
  AssessmentPage,
  AssessmentResponse,
  CaseIdParams,
  CaseRecordParams,
  ConcludeIntakeDto,
  DisclosureDto,
  ExaminationPage,
  ExaminationResponse,
  IntakeResponse,
  InterviewPage,
  InterviewResponse,
  NewAssessmentDto,
  NewExaminationDto,
  NewInterviewDto,
  ScheduleIntakeDto,
  toAssessmentResponse,
  toExaminationResponse,
  toIntakeResponse,
  toInterviewResponse,
} from './intake.dto';
import { ApiProblems } from '../openapi/decorators';

/**
 * design.md §4 intake rows. Access and the discipline rules live in libs/access and libs/intake;
 * this only turns requests into calls and results into responses.
 */
@ApiTags('intake')
@Controller('cases/:id')
export class IntakeController {
  constructor(
    @Inject(IntakeService) private readonly intake: IntakeService,
    @Inject(InterviewsService) private readonly interviews: InterviewsService,
    @Inject(ExaminationsService) private readonly examinations: ExaminationsService,
    @Inject(AssessmentsService) private readonly assessments: AssessmentsService,
  ) {}

  @Post('intake')
  @ApiCreatedResponse({ type: IntakeResponse })
  @ApiProblems(403, 409, 422)
  async schedule(@CurrentActor() actor: Actor, @Param() params: CaseIdParams, @Body() body: ScheduleIntakeDto): Promise<IntakeResponse> {
    return toIntakeResponse(
      await this.intake.schedule(actor, params.id, { scheduledAt: new Date(body.scheduledAt), participantIds: body.participantIds }),
    );
  }

  @Get('intake')
  @ApiOkResponse({ type: IntakeResponse })
  @ApiProblems(403)
  async get(@CurrentActor() actor: Actor, @Param() params: CaseIdParams): Promise<IntakeResponse> {
    return toIntakeResponse(await this.intake.get(actor, params.id));
  }

  @Post('intake/conclude')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeResponse })
  @ApiProblems(403, 409, 422)
  async conclude(@CurrentActor() actor: Actor, @Param() params: CaseIdParams, @Body() body: ConcludeIntakeDto): Promise<IntakeResponse> {
    const concluded = await this.intake.conclude(actor, params.id, {
      decision: body.decision,
      safety: body.safety,
      leadUserId: body.leadUserId,
      actions: (body.actions ?? []).map((a) => ({ ...a, dueAt: new Date(a.dueAt) })),
      waivedDisciplines: body.waivedDisciplines,
    });
    return toIntakeResponse(concluded);
  }

  @Post('interviews')
  @ApiCreatedResponse({ type: InterviewResponse })
  @ApiProblems(403, 409, 422)
  async addInterview(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParams,
    @Body() body: NewInterviewDto,
  ): Promise<InterviewResponse> {
    return toInterviewResponse(await this.interviews.add(actor, params.id, { ...body, conductedAt: new Date(body.conductedAt) }));
  }

  @Get('interviews')
  @ApiOkResponse({ type: InterviewPage })
  @ApiProblems(403)
  async listInterviews(@CurrentActor() actor: Actor, @Param() params: CaseIdParams, @Query() query: ListQueryDto): Promise<InterviewPage> {
    const page = await this.interviews.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toInterviewResponse), nextCursor: page.nextCursor };
  }

  @Post('interviews/:recordId/disclosure')
  @ApiCreatedResponse({ type: InterviewResponse })
  @ApiProblems(403, 409)
  async discloseInterview(
    @CurrentActor() actor: Actor,
    @Param() params: CaseRecordParams,
    @Body() body: DisclosureDto,
  ): Promise<InterviewResponse> {
    return toInterviewResponse(await this.interviews.disclose(actor, params.id, params.recordId, body));
  }

  @Post('examinations')
  @ApiCreatedResponse({ type: ExaminationResponse })
  @ApiProblems(403, 409, 422)
  async addExamination(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParams,
    @Body() body: NewExaminationDto,
  ): Promise<ExaminationResponse> {
    return toExaminationResponse(await this.examinations.add(actor, params.id, { ...body, examinedAt: new Date(body.examinedAt) }));
  }

  @Get('examinations')
  @ApiOkResponse({ type: ExaminationPage })
  @ApiProblems(403)
  async listExaminations(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParams,
    @Query() query: ListQueryDto,
  ): Promise<ExaminationPage> {
    const page = await this.examinations.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toExaminationResponse), nextCursor: page.nextCursor };
  }

  @Post('examinations/:recordId/disclosure')
  @ApiCreatedResponse({ type: ExaminationResponse })
  @ApiProblems(403, 409)
  async discloseExamination(
    @CurrentActor() actor: Actor,
    @Param() params: CaseRecordParams,
    @Body() body: DisclosureDto,
  ): Promise<ExaminationResponse> {
    return toExaminationResponse(await this.examinations.disclose(actor, params.id, params.recordId, body));
  }

  @Post('assessments')
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiProblems(403, 409, 422)
  async addAssessment(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParams,
    @Body() body: NewAssessmentDto,
  ): Promise<AssessmentResponse> {
    return toAssessmentResponse(await this.assessments.add(actor, params.id, body));
  }

  @Get('assessments')
  @ApiOkResponse({ type: AssessmentPage })
  @ApiProblems(403)
  async listAssessments(
    @CurrentActor() actor: Actor,
    @Param() params: CaseIdParams,
    @Query() query: ListQueryDto,
  ): Promise<AssessmentPage> {
    const page = await this.assessments.list(actor, params.id, query.limit, query.cursor);
    return { items: page.items.map(toAssessmentResponse), nextCursor: page.nextCursor };
  }
}
