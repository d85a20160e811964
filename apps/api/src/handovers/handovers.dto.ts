import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import {
  HANDOVER_STATUSES,
  REPORT_COLUMNS,
  type Checklist,
  type Handover,
  type HandoverDirection,
  type HandoverReport,
  type HandoverStatus,
  type HandoverSummary,
} from '@oneroof/handovers';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';
import { INT4_MAX, MaxChars } from '../common/limits';
import { IsIsoDateTime } from '../common/iso-date-time';
import { NotBeforeFrom } from '../common/time-range';
import { iso } from '@oneroof/platform';

/** design.md §4: `version` where a resource can be edited; a transition is one. Optional, as for persons. */
const OptionalVersion = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'the version you read; when given and stale, 409' }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(INT4_MAX),
  );

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TEXT_MAX = 10000;

export class HandoverIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

/**
 * Every item is optional here on purpose: a checklist that lacks items is not malformed but
 * incomplete, and the service answers 422 naming every missing item at once (design.md §2). Only
 * a wrong type is a 400.
 */
export class ChecklistDto {
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) safetySituation?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) risks?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) safetyAgreements?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) openActions?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) involvedProfessionals?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxChars(TEXT_MAX) expectations?: string;
  @ApiProperty({ description: 'true, or give familyNotInformedReason' }) @IsOptional() @IsBoolean() familyInformed?: boolean;
  @ApiPropertyOptional({ description: 'required when familyInformed is not true' })
  @IsOptional()
  @IsString()
  @MaxChars(TEXT_MAX)
  familyNotInformedReason?: string;
}

export class ProposeHandoverDto {
  @ApiProperty({ format: 'uuid', description: 'the receiver: an active professional, not on the team' }) @IsUUID() toUserId: string;
  @ApiPropertyOptional({ description: 'why the family is handed over' }) @IsOptional() @IsString() @MaxChars(TEXT_MAX) reason?: string;
  @ApiProperty({ type: ChecklistDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChecklistDto)
  checklist?: ChecklistDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 5 working days after the proposal; never in the past' })
  @IsOptional()
  @IsIsoDateTime()
  respondBy?: string;
}

export class MeetingDto {
  @ApiProperty({ format: 'date-time', description: 'when the meeting was held; not in the future' })
  @IsIsoDateTime()
  heldAt: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'users present; must include sender and receiver' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'participantIds must be UUIDs' })
  participantIds?: string[];
  @ApiProperty({ description: 'whether the family took part' }) @IsBoolean() familyPresent: boolean;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(TEXT_MAX) notes: string;
  @OptionalVersion() version?: number;
}

export class AcceptHandoverDto {
  @ApiProperty({ enum: [true], description: 'must be true: you confirm you are fully informed' }) @IsBoolean() confirmInformed: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxChars(TEXT_MAX) note?: string;
  @OptionalVersion() version?: number;
}

export class HandoverReasonDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxChars(TEXT_MAX) reason: string;
  @OptionalVersion() version?: number;
}

export class HandoverListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'], description: 'both when absent' })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: HandoverDirection;
  @ApiPropertyOptional({ enum: HANDOVER_STATUSES }) @IsOptional() @IsIn(HANDOVER_STATUSES) status?: HandoverStatus;
}

export class HandoverReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'proposed at or after; inclusive' })
  @IsOptional()
  @IsIsoDateTime()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'proposed at or before; inclusive, not before from' })
  @IsOptional()
  @IsIsoDateTime()
  @Validate(NotBeforeFrom)
  to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({
    enum: ['comma', 'semicolon'],
    default: 'comma',
    description: 'format=csv: the separator; semicolon (with decimal commas) is what a spreadsheet set to Dutch opens',
  })
  @IsOptional()
  @IsIn(['comma', 'semicolon'], { message: 'delimiter must be comma or semicolon' })
  delimiter?: 'comma' | 'semicolon';
}

export class ChecklistResponse {
  @ApiProperty() safetySituation: string;
  @ApiProperty() risks: string;
  @ApiProperty() safetyAgreements: string;
  @ApiProperty() openActions: string;
  @ApiProperty() involvedProfessionals: string;
  @ApiProperty() expectations: string;
  @ApiProperty() familyInformed: boolean;
  @ApiProperty({ nullable: true, type: String }) familyNotInformedReason: string | null;
}

export class MeetingResponse {
  @ApiProperty({ format: 'date-time' }) heldAt: string;
  @ApiProperty({ type: [String], format: 'uuid' }) participantIds: string[];
  @ApiProperty() familyPresent: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'null for a party who no longer has access to the case' }) notes: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class HandoverSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) caseReference: string;
  @ApiProperty({ format: 'uuid' }) fromUserId: string;
  @ApiProperty({ format: 'uuid' }) toUserId: string;
  @ApiProperty({ enum: HANDOVER_STATUSES }) status: HandoverStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondBy: string | null;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) briefedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) declinedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) withdrawnAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
}

export class HandoverResponse extends HandoverSummaryResponse {
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: ChecklistResponse, nullable: true }) checklist: ChecklistResponse | null;
  @ApiProperty({ type: MeetingResponse, nullable: true }) meeting: MeetingResponse | null;
  @ApiProperty({ nullable: true, type: String }) acceptNote: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawReason: string | null;
}

export class HandoverPage extends PageOf(HandoverSummaryResponse) {}

export const toHandoverSummaryResponse = (h: HandoverSummary): HandoverSummaryResponse => ({
  id: h.id,
  caseId: h.caseId,
  caseReference: h.caseReference,
  fromUserId: h.fromUserId,
  toUserId: h.toUserId,
  status: h.status,
  respondBy: iso(h.respondBy),
  proposedAt: h.proposedAt.toISOString(),
  briefedAt: iso(h.briefedAt),
  acceptedAt: iso(h.acceptedAt),
  declinedAt: iso(h.declinedAt),
  withdrawnAt: iso(h.withdrawnAt),
  version: h.version,
});

const toChecklistResponse = (c: Checklist): ChecklistResponse => ({
  safetySituation: c.safetySituation,
  risks: c.risks,
  safetyAgreements: c.safetyAgreements,
  openActions: c.openActions,
  involvedProfessionals: c.involvedProfessionals,
  expectations: c.expectations,
  familyInformed: c.familyInformed,
  familyNotInformedReason: c.familyNotInformedReason,
});

export const toHandoverResponse = (h: Handover): HandoverResponse => ({
  ...toHandoverSummaryResponse(h),
  reason: h.reason,
  checklist: h.checklist ? toChecklistResponse(h.checklist) : null,
  meeting: h.meeting
    ? {
        heldAt: h.meeting.heldAt.toISOString(),
        participantIds: h.meeting.participantIds,
        familyPresent: h.meeting.familyPresent,
        notes: h.meeting.notes,
        recordedBy: h.meeting.recordedBy,
        recordedAt: h.meeting.recordedAt.toISOString(),
      }
    : null,
  acceptNote: h.acceptNote,
  declineReason: h.declineReason,
  withdrawReason: h.withdrawReason,
});

export class HandoverReportRowResponse {
  @ApiProperty({ format: 'uuid' }) handoverId: string;
  @ApiProperty() caseReference: string;
  @ApiProperty({ format: 'uuid' }) fromUserId: string;
  @ApiProperty() fromName: string;
  @ApiProperty() fromOrganisation: string;
  @ApiProperty({ format: 'uuid' }) toUserId: string;
  @ApiProperty() toName: string;
  @ApiProperty() toOrganisation: string;
  @ApiProperty({ enum: HANDOVER_STATUSES }) status: HandoverStatus;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) briefedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) declinedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) withdrawnAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondBy: string | null;
  @ApiProperty({ nullable: true, type: Number }) hoursToBriefing: number | null;
  @ApiProperty({ nullable: true, type: Number }) hoursToAcceptance: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null while open and not yet due' }) deadlineMet: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) familyPresent: boolean | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawReason: string | null;
}

export class OrganisationFiguresResponse {
  @ApiProperty() organisation: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) count: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) accepted: number;
  @ApiProperty({ nullable: true, type: Number }) medianHoursToAcceptance: number | null;
  @ApiProperty({ nullable: true, type: Number }) deadlineMissedShare: number | null;
}

export class HandoverReportSummaryResponse {
  @ApiProperty({ type: 'integer', minimum: 0 }) count: number;
  @ApiProperty({ nullable: true, type: Number }) medianHoursToAcceptance: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'linear interpolation between closest ranks' }) p90HoursToAcceptance:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'of the handovers whose deadline is decided, the share that missed it' })
  deadlineMissedShare: number | null;
  @ApiProperty({ type: [OrganisationFiguresResponse] }) perReceivingOrganisation: OrganisationFiguresResponse[];
}

export class HandoverReportResponse {
  @ApiProperty({ type: [HandoverReportRowResponse], description: `CSV columns, in order: ${REPORT_COLUMNS.join(', ')}` })
  items: HandoverReportRowResponse[];
  @ApiProperty({ type: HandoverReportSummaryResponse }) summary: HandoverReportSummaryResponse;
}

export const toHandoverReportResponse = (report: HandoverReport): HandoverReportResponse => ({
  items: report.items.map((row) => ({ ...row })),
  summary: { ...report.summary, perReceivingOrganisation: report.summary.perReceivingOrganisation.map((o) => ({ ...o })) },
});
