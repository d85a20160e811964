import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AGENDA_SOURCES,
  CHILD_VIEW_MODES,
  CONFERENCE_KINDS,
  CONFERENCE_STATUSES,
  FAMILY_PARTICIPATION_MODES,
  ROSTER_REASONS,
  type AgendaItem,
  type ChildViewMode,
  type Conference,
  type ConferenceKind,
  type ConferenceStatus,
  type FamilyParticipationMode,
  type RosterReason,
  type RosterRow,
} from '@oneroof/conferences';
import { IsIsoDate, IsIsoDateTime } from '../common/iso-date-time';
import { INT4_MAX, MaxChars } from '../common/limits';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';
import { IsOptionalNotNull } from '../intake/intake.dto';
import { iso } from '@oneroof/platform';
import { CLOCK_NAMES } from '@oneroof/cases';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TEXT_MAX = 10000;
const MINUTES_MAX = 100000;

export class ConferenceIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

const ParticipantIds = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', description: 'current team members' }),
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(100),
    IsUUID('all', { each: true, message: 'participantIds must be UUIDs' }),
  );

export class ScheduleConferenceDto {
  @ApiProperty({ enum: CONFERENCE_KINDS }) @IsIn(CONFERENCE_KINDS) kind: ConferenceKind;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() scheduledAt: string;
  @ApiProperty({ format: 'uuid', description: 'a current team member' }) @IsUUID() chairId: string;
  @ParticipantIds() participantIds?: string[];
}

export class RescheduleConferenceDto {
  @ApiProperty({ description: 'the version you read; a stale one gets 409' }) @IsInt() @Min(1) @Max(INT4_MAX) version: number;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptionalNotNull() @IsIsoDateTime() scheduledAt?: string;
  @ApiPropertyOptional({ enum: CONFERENCE_KINDS }) @IsOptionalNotNull() @IsIn(CONFERENCE_KINDS) kind?: ConferenceKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUUID() chairId?: string;
  @ParticipantIds() participantIds?: string[];
}

export class FamilyParticipationDto {
  @ApiProperty({ enum: FAMILY_PARTICIPATION_MODES }) @IsIn(FAMILY_PARTICIPATION_MODES) mode: FamilyParticipationMode;
  @ApiPropertyOptional({ description: 'required for not_informed' }) @IsOptional() @IsString() @MaxChars(TEXT_MAX) reason?: string;
}

export class ChildViewDto {
  @ApiProperty({ enum: CHILD_VIEW_MODES }) @IsIn(CHILD_VIEW_MODES) mode: ChildViewMode;
  @ApiPropertyOptional({ description: "the child's view; required unless not_heard" })
  @IsOptional()
  @IsString()
  @MaxChars(TEXT_MAX)
  summary?: string;
  @ApiPropertyOptional({ description: 'required for not_heard' }) @IsOptional() @IsString() @MaxChars(TEXT_MAX) reason?: string;
}

export class DecisionDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) text: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) rationale: string;
}

export class ConferenceActionDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(500) title: string;
  @ApiProperty({ format: 'uuid', description: 'a current team member' }) @IsUUID() assigneeId: string;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() dueAt: string;
}

/**
 * familyParticipation and childView are optional here on purpose: a record that lacks them is not
 * malformed but incomplete, and the service answers 422 naming each missing field (design.md §7).
 */
export class RecordConferenceDto {
  @ApiProperty({ format: 'date-time', description: 'not in the future' }) @IsIsoDateTime() heldAt: string;
  @ParticipantIds() participantIds?: string[];
  @ApiProperty({ type: FamilyParticipationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FamilyParticipationDto)
  familyParticipation?: FamilyParticipationDto;
  @ApiProperty({ type: ChildViewDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChildViewDto)
  childView?: ChildViewDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxChars(MINUTES_MAX) minutes?: string;
  @ApiPropertyOptional({ type: [DecisionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  decisions?: DecisionDto[];
  @ApiPropertyOptional({ type: [ConferenceActionDto], description: 'each becomes a follow-up (kind other, origin conference)' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConferenceActionDto)
  actions?: ConferenceActionDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'when the case is due for review again' })
  @IsOptional()
  @IsIsoDateTime()
  nextReviewAt?: string;
}

export class CancelConferenceDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) reason: string;
}

export class AddendumDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) text: string;
}

export class RosterQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'a day in Europe/Amsterdam, YYYY-MM-DD; today when left out' })
  @IsOptional()
  @IsIsoDate()
  date?: string;
}

export class FamilyParticipationResponse {
  @ApiProperty({ enum: FAMILY_PARTICIPATION_MODES }) mode: FamilyParticipationMode;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class ChildViewResponse {
  @ApiProperty({ enum: CHILD_VIEW_MODES }) mode: ChildViewMode;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class DecisionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty() rationale: string;
}

export class ConferenceActionResponse {
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'uuid' }) followUpId: string;
}

export class AddendumResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null under coordinator oversight' }) text: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConferenceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) caseReference: string;
  @ApiProperty({ enum: CONFERENCE_KINDS }) kind: ConferenceKind;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ format: 'uuid' }) chairId: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'as scheduled; who attended once held' }) participantIds: string[];
  @ApiProperty({ enum: CONFERENCE_STATUSES }) status: ConferenceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) heldAt: string | null;
  @ApiProperty({ type: FamilyParticipationResponse, nullable: true }) familyParticipation: FamilyParticipationResponse | null;
  @ApiProperty({ type: ChildViewResponse, nullable: true }) childView: ChildViewResponse | null;
  @ApiProperty({ nullable: true, type: String, description: 'team content: null under coordinator oversight' }) minutes: string | null;
  @ApiProperty({ type: [DecisionResponse], description: 'team content: empty under coordinator oversight' }) decisions: DecisionResponse[];
  @ApiProperty({ type: [ConferenceActionResponse] }) actions: ConferenceActionResponse[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextReviewAt: string | null;
  @ApiProperty({ type: [AddendumResponse] }) addenda: AddendumResponse[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) recordedBy: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'true when the minutes and other team content are left out (coordinator oversight)' })
  contentRestricted: boolean;
}

export class ConferencePage extends PageOf(ConferenceResponse) {}

export const toConferenceResponse = (c: Conference): ConferenceResponse => ({
  id: c.id,
  caseId: c.caseId,
  caseReference: c.caseReference,
  kind: c.kind,
  scheduledAt: c.scheduledAt.toISOString(),
  chairId: c.chairId,
  participantIds: c.participantIds,
  status: c.status,
  heldAt: iso(c.heldAt),
  familyParticipation: c.familyParticipation ? { mode: c.familyParticipation.mode, reason: c.familyParticipation.reason } : null,
  childView: c.childView ? { mode: c.childView.mode, summary: c.childView.summary, reason: c.childView.reason } : null,
  minutes: c.minutes,
  decisions: c.decisions.map((d) => ({ id: d.id, text: d.text, rationale: d.rationale })),
  actions: c.actions.map((a) => ({ title: a.title, assigneeId: a.assigneeId, dueAt: a.dueAt.toISOString(), followUpId: a.followUpId })),
  nextReviewAt: iso(c.nextReviewAt),
  addenda: c.addenda.map((a) => ({ id: a.id, authorId: a.authorId, text: a.text, createdAt: a.createdAt.toISOString() })),
  cancelledAt: iso(c.cancelledAt),
  cancelReason: c.cancelReason,
  recordedBy: c.recordedBy,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
  version: c.version,
  contentRestricted: c.contentRestricted,
});

export class AgendaItemResponse {
  @ApiProperty({ enum: AGENDA_SOURCES, description: 'where the item comes from' }) source: string;
  @ApiProperty({ description: 'why it is on the agenda, e.g. contribution_missing, overdue, agreement_broken, check_due' }) reason: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) at: string | null;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ description: "another discipline's record: its existence, author, date and disclosure only" }) restricted: boolean;
  @ApiProperty({ nullable: true, type: String }) restrictedTo: string | null;
  @ApiProperty({ type: Object, nullable: true }) detail: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true }) disclosure: Record<string, unknown> | null;
}

export class AgendaResponse {
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ type: [AgendaItemResponse], description: 'newest facts first' }) items: AgendaItemResponse[];
}

export const toAgendaItemResponse = (i: AgendaItem): AgendaItemResponse => ({
  source: i.source,
  reason: i.reason,
  at: iso(i.at),
  subjectId: i.subjectId,
  restricted: i.restricted,
  restrictedTo: i.restrictedTo,
  detail: i.detail,
  disclosure: i.disclosure,
});

export class RosterReasonResponse {
  @ApiProperty({ enum: ROSTER_REASONS }) reason: RosterReason;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) at: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the conference, agreement or handover behind the reason' })
  subjectId: string | null;
  @ApiProperty({
    enum: CLOCK_NAMES,
    nullable: true,
    type: String,
    description: 'clock_breached: the clock of design.md §8 that runs past its dueAt (at); null for the other reasons',
  })
  clock: string | null;
}

export class RosterRowResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) caseReference: string;
  @ApiProperty({ enum: ['intake', 'active'] }) status: string;
  @ApiProperty({ enum: ['acute', 'urgent', 'regular'] }) urgency: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadUserId: string | null;
  @ApiProperty({ type: [RosterReasonResponse] }) reasons: RosterReasonResponse[];
}

export class RosterPage extends PageOf(RosterRowResponse) {
  @ApiProperty({ description: 'the day the roster is for (Europe/Amsterdam)', example: '2026-12-01' }) date: string;
}

export const toRosterRowResponse = (r: RosterRow): RosterRowResponse => ({
  caseId: r.caseId,
  caseReference: r.caseReference,
  status: r.status,
  urgency: r.urgency,
  leadUserId: r.leadUserId,
  reasons: r.reasons.map((x) => ({ reason: x.reason, at: iso(x.at), subjectId: x.subjectId, clock: x.clock })),
});
