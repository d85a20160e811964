import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Max, Min, MinLength, ValidateNested } from 'class-validator';
import {
  AGREEMENT_STATUSES,
  CHECK_RESULTS,
  GOAL_STATUSES,
  GOAL_TRACKS,
  MAX_CHECK_EVERY_DAYS,
  SAFETY_PLAN_PHASES,
  type AgreementStatus,
  type CheckResult,
  type GoalStatus,
  type GoalTrack,
  type SafetyCheck,
  type SafetyPlan,
  type SafetyPlanPhase,
} from '@oneroof/conferences';
import { IsIsoDateTime } from '../common/iso-date-time';
import { MaxChars } from '../common/limits';
import { PageOf } from '../common/page.dto';
import { IsOptionalNotNull } from '../intake/intake.dto';
import { iso } from '@oneroof/platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TEXT_MAX = 10000;

export class AgreementCheckParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agreementId: string;
}

export class AgreementDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) text: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'persons of this case whom it concerns; at least one' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  personIds?: string[];
  @ApiProperty({ format: 'uuid', description: 'a current team member' }) @IsUUID() responsibleUserId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_CHECK_EVERY_DAYS }) @IsInt() @Min(1) @Max(MAX_CHECK_EVERY_DAYS) checkEveryDays: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'the first check; agreedAt + checkEveryDays when left out' })
  @IsOptionalNotNull()
  @IsIsoDateTime()
  nextCheckAt?: string;
}

export class GoalDto {
  @ApiProperty({ format: 'uuid', description: 'a person of this case' }) @IsUUID() personId: string;
  @ApiProperty({ enum: GOAL_TRACKS }) @IsIn(GOAL_TRACKS) track: GoalTrack;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) text: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUUID() providerOrganisationId?: string;
  @ApiPropertyOptional({ enum: GOAL_STATUSES, default: 'planned' }) @IsOptionalNotNull() @IsIn(GOAL_STATUSES) status?: GoalStatus;
}

export class NewSafetyPlanDto {
  @ApiProperty({ enum: SAFETY_PLAN_PHASES }) @IsIn(SAFETY_PLAN_PHASES) phase: SafetyPlanPhase;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() agreedAt: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  agreedWithPersonIds?: string[];
  @ApiPropertyOptional({ type: [AgreementDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgreementDto)
  agreements?: AgreementDto[];
  @ApiPropertyOptional({ type: [GoalDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GoalDto)
  goals?: GoalDto[];
  @ApiPropertyOptional({ description: 'why an alleged perpetrator has no goal in this plan' })
  @IsOptionalNotNull()
  @IsString()
  @MaxChars(TEXT_MAX)
  noPerpetratorGoalReason?: string;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() reviewAt: string;
}

export class CheckDto {
  @ApiProperty({ format: 'date-time', description: 'not in the future' }) @IsIsoDateTime() checkedAt: string;
  @ApiProperty({ enum: CHECK_RESULTS }) @IsIn(CHECK_RESULTS) result: CheckResult;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) note: string;
}

export class AgreementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String], format: 'uuid' }) personIds: string[];
  @ApiProperty({ format: 'uuid' }) responsibleUserId: string;
  @ApiProperty() checkEveryDays: number;
  @ApiProperty({ format: 'date-time' }) nextCheckAt: string;
  @ApiProperty({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastCheckedAt: string | null;
}

export class GoalResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: GOAL_TRACKS }) track: GoalTrack;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerOrganisationId: string | null;
  @ApiProperty({ enum: GOAL_STATUSES }) status: GoalStatus;
}

export class SafetyPlanResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) caseReference: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['current', 'superseded'] }) status: 'current' | 'superseded';
  @ApiProperty({ enum: SAFETY_PLAN_PHASES }) phase: SafetyPlanPhase;
  @ApiProperty({ format: 'date-time' }) agreedAt: string;
  @ApiProperty({ type: [String], format: 'uuid' }) agreedWithPersonIds: string[];
  @ApiProperty({ type: [AgreementResponse] }) agreements: AgreementResponse[];
  @ApiProperty({ type: [GoalResponse] }) goals: GoalResponse[];
  @ApiProperty({ nullable: true, type: String }) noPerpetratorGoalReason: string | null;
  @ApiProperty({ format: 'date-time' }) reviewAt: string;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) supersededAt: string | null;
}

export class SafetyPlanPage extends PageOf(SafetyPlanResponse) {}

export class CheckResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ enum: CHECK_RESULTS }) result: CheckResult;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'uuid' }) checkedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toSafetyPlanResponse = (p: SafetyPlan): SafetyPlanResponse => ({
  id: p.id,
  caseId: p.caseId,
  caseReference: p.caseReference,
  version: p.version,
  status: p.status,
  phase: p.phase,
  agreedAt: p.agreedAt.toISOString(),
  agreedWithPersonIds: p.agreedWithPersonIds,
  agreements: p.agreements.map((a) => ({
    id: a.id,
    text: a.text,
    personIds: a.personIds,
    responsibleUserId: a.responsibleUserId,
    checkEveryDays: a.checkEveryDays,
    nextCheckAt: a.nextCheckAt.toISOString(),
    status: a.status,
    lastCheckedAt: iso(a.lastCheckedAt),
  })),
  goals: p.goals.map((g) => ({
    id: g.id,
    personId: g.personId,
    track: g.track,
    text: g.text,
    providerOrganisationId: g.providerOrganisationId,
    status: g.status,
  })),
  noPerpetratorGoalReason: p.noPerpetratorGoalReason,
  reviewAt: p.reviewAt.toISOString(),
  createdBy: p.createdBy,
  createdAt: p.createdAt.toISOString(),
  supersededAt: iso(p.supersededAt),
});

export const toCheckResponse = (c: SafetyCheck): CheckResponse => ({
  id: c.id,
  agreementId: c.agreementId,
  planId: c.planId,
  checkedAt: c.checkedAt.toISOString(),
  result: c.result,
  note: c.note,
  checkedBy: c.checkedBy,
  createdAt: c.createdAt.toISOString(),
});
