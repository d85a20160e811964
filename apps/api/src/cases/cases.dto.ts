import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  MaxLength,
} from 'class-validator';
import {
  CASE_STATUSES,
  ENTRY_KINDS,
  ENTRY_VISIBILITIES,
  FAMILY_ROLES,
  INVOLVEMENTS,
  MIN_EMERGENCY_REASON_LENGTH,
  REPORT_SOURCES,
  URGENCIES,
  VIOLENCE_TYPES,
  type ViolenceType,
  type CaseFile,
  type CaseStatus,
  type CaseSummary,
  type EmergencyAccessGrant,
  type Entry,
  type EntryKind,
  type EntryVisibility,
  type FamilyRole,
  type Involvement,
  type Person,
  type ReportSource,
  type TeamMember,
  type TimelineItem,
  type Urgency,
} from '@oneroof/cases';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';
import { IsIsoDate, IsIsoDateTime } from '../common/iso-date-time';
import { INT4_MAX, MaxChars } from '../common/limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A calendar date that exists, in the years 1900 to 2999: the pattern alone let 2018-02-30 and 0001-01-01 through (500s). */
const IsDateOnly = IsIsoDate;

/** Optional, but when present not null: @IsOptional would let `null` through, and the service would ignore it silently. */
const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

export class CaseIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}
export class CasePersonParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId: string;
}
export class CaseMemberParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
}

export class PersonInputDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(100) firstName: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(100) lastName: string;
  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @IsDateOnly()
  dateOfBirth?: string | null;
  @ApiProperty({ enum: FAMILY_ROLES }) @IsIn(FAMILY_ROLES) familyRole: FamilyRole;
  @ApiProperty({ enum: INVOLVEMENTS }) @IsIn(INVOLVEMENTS) involvement: Involvement;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxChars(500) confidentialAddress?: string | null;
}

export class OpenCaseDto {
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency: Urgency;
  @ApiProperty({ enum: REPORT_SOURCES }) @IsIn(REPORT_SOURCES) source: ReportSource;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(10000) summary: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when the report reached the centre; default: now (openedAt)' })
  @IsOptionalNotNull()
  @IsIsoDateTime()
  reportedAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'GM0392', description: 'CBS municipality code' })
  @IsOptional()
  @MaxLength(6)
  @Matches(/^GM[0-9]{4}$/, { message: 'municipalityCode must be GM and four digits, e.g. GM0392' })
  municipalityCode?: string | null;
  @ApiPropertyOptional({ enum: VIOLENCE_TYPES, isArray: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @IsIn(VIOLENCE_TYPES, { each: true })
  violenceTypes?: ViolenceType[];
  @ApiPropertyOptional({ type: [PersonInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PersonInputDto)
  persons?: PersonInputDto[];
}

export class UpdateCaseDto {
  @ApiProperty({ description: 'the version you read; a stale one gets 409' }) @IsInt() @Min(1) @Max(INT4_MAX) version: number;
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptionalNotNull() @IsIn(URGENCIES) urgency?: Urgency;
  @ApiPropertyOptional({ enum: REPORT_SOURCES }) @IsOptionalNotNull() @IsIn(REPORT_SOURCES) source?: ReportSource;
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MinLength(1) @MaxChars(10000) summary?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptionalNotNull() @IsIsoDateTime() reportedAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'GM0392', description: 'null clears it' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @MaxLength(6)
  @Matches(/^GM[0-9]{4}$/, { message: 'municipalityCode must be GM and four digits, e.g. GM0392' })
  municipalityCode?: string | null;
  @ApiPropertyOptional({ enum: VIOLENCE_TYPES, isArray: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @IsIn(VIOLENCE_TYPES, { each: true })
  violenceTypes?: ViolenceType[];
}

export class AftercareDto {
  @ApiProperty({ format: 'uuid', description: 'a current team member, who does the 6, 12 and 18 month checks' })
  @IsUUID()
  assigneeId: string;
}

export class CloseCaseDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(2000) reason: string;
  @ApiPropertyOptional({ type: AftercareDto, description: 'plans three aftercare checks (design.md §8)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AftercareDto)
  aftercare?: AftercareDto;
}

export class UpdatePersonDto {
  /** design.md §4 names no version for persons; the issue asks for optimistic locking, so it is honoured when given. */
  @ApiPropertyOptional({ description: 'the version you read; when given and stale, 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MinLength(1) @MaxChars(100) firstName?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MinLength(1) @MaxChars(100) lastName?: string;
  @ApiPropertyOptional({ format: 'date', nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsDateOnly()
  dateOfBirth?: string | null;
  @ApiPropertyOptional({ enum: FAMILY_ROLES }) @IsOptionalNotNull() @IsIn(FAMILY_ROLES) familyRole?: FamilyRole;
  @ApiPropertyOptional({ enum: INVOLVEMENTS }) @IsOptionalNotNull() @IsIn(INVOLVEMENTS) involvement?: Involvement;
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxChars(500)
  confidentialAddress?: string | null;
}

export class AddTeamMemberDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiPropertyOptional({ enum: ['member'], default: 'member', description: 'the lead moves only through a handover' })
  @IsOptional()
  @IsIn(['member'], { message: 'role must be member: the lead moves only through a handover' })
  role?: 'member';
}

export class NewEntryDto {
  @ApiProperty({ enum: ENTRY_VISIBILITIES }) @IsIn(ENTRY_VISIBILITIES) visibility: EntryVisibility;
  @ApiProperty({ enum: ENTRY_KINDS }) @IsIn(ENTRY_KINDS) kind: EntryKind;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxChars(20000) body: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  personIds?: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() correctsEntryId?: string;
}

export class CaseListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn(URGENCIES) urgency?: Urgency;
}

export class EmergencyAccessDto {
  @ApiProperty({ minLength: MIN_EMERGENCY_REASON_LENGTH })
  @Transform(trim)
  @IsString()
  @MinLength(MIN_EMERGENCY_REASON_LENGTH, { message: `reason must be at least ${MIN_EMERGENCY_REASON_LENGTH} characters` })
  @MaxChars(2000)
  reason: string;
}

export class ReviewEmergencyAccessDto {
  @ApiProperty({ enum: ['justified', 'unjustified'] }) @IsIn(['justified', 'unjustified']) verdict: 'justified' | 'unjustified';
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(2000) note: string;
}

export class EmergencyAccessListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'reviewed must be true or false' })
  reviewed?: boolean;
}

export class PersonResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dateOfBirth: string | null;
  @ApiProperty({ enum: FAMILY_ROLES }) familyRole: FamilyRole;
  @ApiProperty({ enum: INVOLVEMENTS }) involvement: Involvement;
  @ApiProperty({ nullable: true, type: String }) confidentialAddress: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({
    description:
      'studio interviews recorded for this person ("tell once"); null for readers without content access (coordinator oversight)',
    nullable: true,
    type: 'integer',
  })
  interviewCount: number | null;
}
export const toPersonResponse = (p: Person & { interviewCount?: number | null }): PersonResponse => ({
  ...p,
  interviewCount: p.interviewCount === undefined ? 0 : p.interviewCount,
});

export class TeamMemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ['lead', 'member'] }) role: 'lead' | 'member';
  @ApiProperty({ format: 'date-time' }) since: string;
}
export const toTeamResponse = (team: TeamMember[]): TeamMemberResponse[] =>
  team.map((m) => ({ userId: m.userId, role: m.role, since: m.since.toISOString() }));

export class TeamResponse {
  @ApiProperty({ type: [TeamMemberResponse] }) team: TeamMemberResponse[];
}

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'MDC-2026-000123' }) reference: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: REPORT_SOURCES }) source: ReportSource;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadUserId: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty({ nullable: true, type: String, example: 'GM0392' }) municipalityCode: string | null;
  @ApiProperty({ enum: VIOLENCE_TYPES, isArray: true }) violenceTypes: ViolenceType[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
}
export const toCaseSummaryResponse = (c: CaseSummary): CaseSummaryResponse => ({
  id: c.id,
  reference: c.reference,
  status: c.status,
  urgency: c.urgency,
  source: c.source,
  summary: c.summary,
  leadUserId: c.leadUserId,
  openedAt: c.openedAt.toISOString(),
  reportedAt: c.reportedAt.toISOString(),
  municipalityCode: c.municipalityCode,
  violenceTypes: c.violenceTypes,
  closedAt: c.closedAt?.toISOString() ?? null,
  closeReason: c.closeReason,
  version: c.version,
});

export class CaseResponse extends CaseSummaryResponse {
  @ApiProperty({ type: [PersonResponse] }) persons: PersonResponse[];
  @ApiProperty({ type: [TeamMemberResponse] }) team: TeamMemberResponse[];
}
export const toCaseResponse = (c: CaseFile): CaseResponse => ({
  ...toCaseSummaryResponse(c),
  persons: c.persons.map(toPersonResponse),
  team: toTeamResponse(c.team),
});

export class CasePage extends PageOf(CaseSummaryResponse) {}

export class EntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorDiscipline: string;
  @ApiProperty({ enum: ENTRY_VISIBILITIES }) visibility: EntryVisibility;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'true when the entry belongs to another discipline: only its existence, author and date are shown' })
  restricted: boolean;
  @ApiProperty({ enum: ENTRY_KINDS, nullable: true }) kind: EntryKind | null;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) personIds: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) correctsEntryId: string | null;
}
export const toEntryResponse = (e: Entry): EntryResponse => ({ ...e, createdAt: e.createdAt.toISOString() });

export class EntryPage extends PageOf(EntryResponse) {}

export class TimelineItemResponse {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'entry.created' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty() restricted: boolean;
  @ApiProperty({ nullable: true, type: String }) restrictedTo: string | null;
  @ApiProperty({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) disclosure: Record<string, unknown> | null;
}
export const toTimelineItemResponse = (t: TimelineItem): TimelineItemResponse => ({ ...t, at: t.at.toISOString() });

export class TimelinePage extends PageOf(TimelineItemResponse) {}

export class EmergencyAccessReviewResponse {
  @ApiProperty({ enum: ['justified', 'unjustified'] }) verdict: 'justified' | 'unjustified';
  @ApiProperty() note: string;
  @ApiProperty({ format: 'uuid' }) reviewedBy: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
}

export class EmergencyAccessResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: EmergencyAccessReviewResponse, nullable: true }) review: EmergencyAccessReviewResponse | null;
}
export const toEmergencyAccessResponse = (g: EmergencyAccessGrant): EmergencyAccessResponse => ({
  id: g.id,
  caseId: g.caseId,
  userId: g.userId,
  reason: g.reason,
  grantedAt: g.grantedAt.toISOString(),
  expiresAt: g.expiresAt.toISOString(),
  review: g.review ? { ...g.review, reviewedAt: g.review.reviewedAt.toISOString() } : null,
});

export class EmergencyAccessPage extends PageOf(EmergencyAccessResponse) {}
