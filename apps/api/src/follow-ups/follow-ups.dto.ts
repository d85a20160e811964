import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  AFTERCARE_MONTHS,
  CLOSING_STATUSES,
  VIOLENCE_STOPPED,
  type ViolenceStopped,
  CREATABLE_FOLLOW_UP_KINDS,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  MAX_REMIND_BEFORE_MINUTES,
  MAX_REMINDERS,
  type ClosingStatus,
  type FollowUp,
  type CreatableFollowUpKind,
  type FollowUpKind,
  type FollowUpStatus,
} from '@oneroof/follow-ups';
import { ListQueryDto } from '../common/list-query.dto';
import { IsOptionalNotNull } from '../intake/intake.dto';
import { PageOf } from '../common/page.dto';
import { INT4_MAX, MaxChars } from '../common/limits';
import { IsIsoDateTime } from '../common/iso-date-time';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** remindBeforeMinutes: whole minutes before the follow-up, from 0 (at the time) to four weeks. */
const RemindBeforeMinutes = (): PropertyDecorator => (target, key) => {
  for (const decorate of [
    ApiPropertyOptional({ type: [Number], description: `minutes before scheduledAt, 0 to ${MAX_REMIND_BEFORE_MINUTES}` }),
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(MAX_REMINDERS),
    IsInt({ each: true, message: 'remindBeforeMinutes must hold whole minutes' }),
    Min(0, { each: true }),
    Max(MAX_REMIND_BEFORE_MINUTES, { each: true }),
  ]) {
    decorate(target, key);
  }
};

export class FollowUpIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class NewFollowUpDto {
  @ApiProperty({ enum: CREATABLE_FOLLOW_UP_KINDS }) @IsIn(CREATABLE_FOLLOW_UP_KINDS) kind: CreatableFollowUpKind;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() scheduledAt: string;
  @ApiProperty({ format: 'uuid', description: 'a current team member' }) @IsUUID() assigneeId: string;
  @ApiPropertyOptional({ description: 'for the team; never shown in the calendar feed' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(500)
  title?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  personIds?: string[];
  @RemindBeforeMinutes() remindBeforeMinutes?: number[];
}

/** design.md §8: what an aftercare check found. */
export class AftercareOutcomeDto {
  @ApiProperty({ enum: VIOLENCE_STOPPED }) @IsIn(VIOLENCE_STOPPED) violenceStopped: ViolenceStopped;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 10,
    nullable: true,
    description: 'how safe the family feels, 1 to 10; null: not asked',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10)
  safetyExperienced: number | null;
}

export class AftercareResponse {
  @ApiProperty({ enum: AFTERCARE_MONTHS, description: 'months after the closing' }) months: number;
  @ApiProperty({ type: AftercareOutcomeDto, nullable: true }) outcome: AftercareOutcomeDto | null;
}

export class UpdateFollowUpDto {
  @ApiProperty({ description: 'the version you read; a stale one gets 409' }) @IsInt() @Min(1) @Max(INT4_MAX) version: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'reschedule: reminders and the overdue notice move with it' })
  @IsOptionalNotNull()
  @IsIsoDateTime()
  scheduledAt?: string;
  @ApiPropertyOptional({ enum: CLOSING_STATUSES, description: 'complete or cancel: reminders are removed' })
  @IsOptionalNotNull()
  @IsIn(CLOSING_STATUSES, { message: `status must be one of ${CLOSING_STATUSES.join(', ')}` })
  status?: ClosingStatus;
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MaxChars(5000) outcome?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a current team member' }) @IsOptionalNotNull() @IsUUID() assigneeId?: string;
  @RemindBeforeMinutes() remindBeforeMinutes?: number[];
  @ApiPropertyOptional({ type: AftercareOutcomeDto, description: 'only for an aftercare check; needed to complete it' })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => AftercareOutcomeDto)
  aftercareOutcome?: AftercareOutcomeDto;
}

export class FollowUpListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES }) @IsOptional() @IsIn(FOLLOW_UP_STATUSES) status?: FollowUpStatus;
}

export class AgendaQueryDto extends FollowUpListQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'from this moment on (inclusive)' })
  @IsOptional()
  @IsIsoDateTime()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'before this moment (exclusive)' }) @IsOptional() @IsIsoDateTime() to?: string;
}

export class CalendarQueryDto {
  @ApiPropertyOptional({ description: 'the feed token, for calendar apps that cannot send a bearer token' })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  token?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 30 days ago' }) @IsOptional() @IsIsoDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: no end' }) @IsOptional() @IsIsoDateTime() to?: string;
}

export class FollowUpResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) caseReference: string;
  @ApiProperty({ enum: FOLLOW_UP_KINDS }) kind: FollowUpKind;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) personIds: string[];
  @ApiProperty({ type: 'integer', isArray: true }) remindBeforeMinutes: number[];
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ enum: ['team', 'intake', 'conference'] }) origin: 'team' | 'intake' | 'conference';
  @ApiProperty({ type: AftercareResponse, nullable: true, description: 'kind aftercare only (design.md §8)' })
  aftercare: AftercareResponse | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
}
export const toFollowUpResponse = (f: FollowUp): FollowUpResponse => ({
  ...f,
  scheduledAt: f.scheduledAt.toISOString(),
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
  closedAt: f.closedAt?.toISOString() ?? null,
});

export class FollowUpPage extends PageOf(FollowUpResponse) {}

export class FeedTokenResponse {
  @ApiProperty({ description: 'shown this once; only its hash is kept. Rotating again revokes it.' }) token: string;
  @ApiProperty({ example: '/api/me/follow-ups.ics?token=orf_…' }) url: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
