import { ApiProblems } from '../openapi/decorators';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CLOCK_NAMES, ClocksService, type CaseClock, type ClockName, type ClockState } from '@oneroof/cases';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { MaxChars } from '../common/limits';
import { CaseIdParam } from './cases.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ClockExplanationDto {
  @ApiProperty({ enum: CLOCK_NAMES }) @IsIn(CLOCK_NAMES) clock: ClockName;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() handoverId?: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(2000) reason: string;
}

export class ClockExplanationResponse {
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) explainedBy: string;
  @ApiProperty({ format: 'date-time' }) explainedAt: string;
}

export class ClockResponse {
  @ApiProperty({ enum: CLOCK_NAMES }) clock: ClockName;
  @ApiPropertyOptional({ format: 'uuid' }) personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) handoverId?: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) stoppedAt?: string;
  @ApiProperty({ enum: ['running', 'met', 'breached'] }) state: ClockState;
  @ApiPropertyOptional({ type: ClockExplanationResponse }) explanation?: ClockExplanationResponse;
}

export class ClockList {
  @ApiProperty({ type: [ClockResponse] }) items: ClockResponse[];
}

/** design.md §8 shape: absent, not null, where a clock has no person, handover, stop or explanation. */
export const toClockResponse = (c: CaseClock): ClockResponse => ({
  clock: c.clock,
  ...(c.personId ? { personId: c.personId } : {}),
  ...(c.handoverId ? { handoverId: c.handoverId } : {}),
  startedAt: c.startedAt.toISOString(),
  dueAt: c.dueAt.toISOString(),
  ...(c.stoppedAt ? { stoppedAt: c.stoppedAt.toISOString() } : {}),
  state: c.state,
  ...(c.explanation
    ? {
        explanation: {
          reason: c.explanation.reason,
          explainedBy: c.explanation.explainedBy,
          explainedAt: c.explanation.explainedAt.toISOString(),
        },
      }
    : {}),
});

@ApiTags('cases')
@Controller('cases/:id/clocks')
export class ClocksController {
  constructor(@Inject(ClocksService) private readonly clocks: ClocksService) {}

  @Get()
  @ApiOkResponse({ type: ClockList })
  async list(@CurrentActor() actor: Actor, @Param() params: CaseIdParam): Promise<ClockList> {
    return { items: (await this.clocks.list(actor, params.id)).map(toClockResponse) };
  }

  @Post('explanations')
  @ApiCreatedResponse({ type: ClockResponse })
  @ApiProblems(403, 409, 422)
  async explain(@CurrentActor() actor: Actor, @Param() params: CaseIdParam, @Body() body: ClockExplanationDto): Promise<ClockResponse> {
    return toClockResponse(await this.clocks.explain(actor, params.id, body));
  }
}
