import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CREATABLE_FOLLOW_UP_KINDS, FOLLOW_UP_KINDS, type CreatableFollowUpKind } from '@oneroof/follow-ups';
import {
  ASSESSMENT_INSTRUMENTS,
  CONTRIBUTING_DISCIPLINES,
  EXAMINATION_CONCLUSIONS,
  EXAMINATION_CONTEXTS,
  INTAKE_STATUSES,
  INTERVIEW_KINDS,
  LEGAL_BASES,
  SAFETY_LEVELS,
  SHA256_HEX,
  type Assessment,
  type AssessmentInstrument,
  type ContributingDiscipline,
  type Disclosure,
  type Examination,
  type ExaminationConclusion,
  type ExaminationContext,
  type Intake,
  type IntakeStatus,
  type Interview,
  type InterviewKind,
  type LegalBasis,
  type Safety,
} from '@oneroof/intake';
import { PageOf } from '../common/page.dto';
import { MaxChars } from '../common/limits';
import { IsIsoDateTime } from '../common/iso-date-time';
import { iso } from '@oneroof/platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Optional, but when present not null: @IsOptional would let `null` through. */
export const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}
export class CaseRecordParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() recordId: string;
}

export class ScheduleIntakeDto {
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() scheduledAt: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'current team members' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  participantIds?: string[];
}

export class SupplementaryDto {
  @ApiProperty({ description: 'why the child is interviewed again' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(2000)
  reason: string;
  @ApiProperty({ description: 'who approved it: the public prosecutor, in words' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(500)
  approvedBy: string;
}

export class NewInterviewDto {
  @ApiProperty({ format: 'uuid', description: 'a person of this case' }) @IsUUID() personId: string;
  @ApiProperty({ enum: INTERVIEW_KINDS }) @IsIn(INTERVIEW_KINDS) kind: InterviewKind;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() conductedAt: string;
  @ApiProperty({ minimum: 1, maximum: 1440 }) @IsInt() @Min(1) @Max(1440) durationMinutes: number;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(500) location: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  interviewerIds?: string[];
  @ApiPropertyOptional({ description: 'where the recording is kept; never the recording itself' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(500)
  recordingReference?: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(20000) summary: string;
  @ApiPropertyOptional({ type: () => SupplementaryDto, description: 'required when the child had a studio interview before (tell once)' })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SupplementaryDto)
  supplementary?: SupplementaryDto;
}

export class ConsentDto {
  @ApiProperty({ description: 'who gave consent' }) @Transform(trim) @IsString() @MinLength(1) @MaxChars(500) givenBy: string;
  @ApiProperty({ description: 'on what basis' }) @Transform(trim) @IsString() @MinLength(1) @MaxChars(2000) basis: string;
}

export class FindingDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(200) bodyRegion: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(200) kind: string;
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 10000 })
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'sizeMm must be a number' })
  @Min(0)
  @Max(10000)
  sizeMm?: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxChars(5000) description: string;
}

export class EvidenceDto {
  @ApiProperty({ description: 'where the evidence is kept' }) @Transform(trim) @IsString() @MinLength(1) @MaxChars(500) reference: string;
  @ApiProperty({
    pattern: '^[0-9a-fA-F]{64}$',
    minLength: 64,
    maxLength: 64,
    description: 'SHA-256 of the evidence file, 64 hexadecimal characters',
  })
  @IsString()
  @Matches(SHA256_HEX, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256: string;
}

export class NewExaminationDto {
  @ApiProperty({ format: 'uuid', description: 'a person of this case' }) @IsUUID() personId: string;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() examinedAt: string;
  @ApiProperty({ enum: EXAMINATION_CONTEXTS }) @IsIn(EXAMINATION_CONTEXTS) context: ExaminationContext;
  @ApiProperty({ type: ConsentDto }) @IsObject() @ValidateNested() @Type(() => ConsentDto) consent: ConsentDto;
  @ApiPropertyOptional({ type: [FindingDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings?: FindingDto[];
  @ApiProperty({ enum: EXAMINATION_CONCLUSIONS }) @IsIn(EXAMINATION_CONCLUSIONS) conclusion: ExaminationConclusion;
  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
}

export class NewAssessmentDto {
  @ApiProperty({ enum: ASSESSMENT_INSTRUMENTS }) @IsIn(ASSESSMENT_INSTRUMENTS) instrument: AssessmentInstrument;
  @ApiPropertyOptional({ type: Object, description: "the instrument's answers as given" })
  @IsOptionalNotNull()
  @IsObject({ message: 'answers must be an object' })
  answers?: Record<string, unknown>;
  @ApiProperty({ description: "the professional's reasoned conclusion; the instrument never decides" })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'judgement is required: the instrument never decides' })
  @MaxChars(20000)
  judgement: string;
  @ApiProperty({ enum: SAFETY_LEVELS }) @IsIn(SAFETY_LEVELS) safety: Safety;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  personIds?: string[];
}

export class DisclosureDto {
  @ApiProperty({ description: 'what is shared with the team' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(10000)
  summary: string;
  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES, { message: `legalBasis must be one of ${LEGAL_BASES.join(', ')}` })
  legalBasis: LegalBasis;
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MaxChars(2000) note?: string;
}

export class ConclusionActionDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(500) title: string;
  @ApiProperty({ format: 'uuid', description: 'a current team member' }) @IsUUID() assigneeId: string;
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() dueAt: string;
  @ApiPropertyOptional({ enum: CREATABLE_FOLLOW_UP_KINDS, default: 'other' })
  @IsOptionalNotNull()
  @IsIn(CREATABLE_FOLLOW_UP_KINDS)
  kind?: CreatableFollowUpKind;
  @ApiPropertyOptional({ type: [Number] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(40320, { each: true })
  remindBeforeMinutes?: number[];
}

export class WaiverDto {
  @ApiProperty({ enum: CONTRIBUTING_DISCIPLINES }) @IsIn(CONTRIBUTING_DISCIPLINES) discipline: ContributingDiscipline;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1, { message: 'reason is required for a waiver' }) @MaxChars(2000) reason: string;
}

export class ConcludeIntakeDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxChars(10000) decision: string;
  @ApiProperty({ enum: SAFETY_LEVELS }) @IsIn(SAFETY_LEVELS) safety: Safety;
  @ApiProperty({ format: 'uuid', description: 'a current team member; the old lead becomes a member' }) @IsUUID() leadUserId: string;
  @ApiPropertyOptional({ type: [ConclusionActionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConclusionActionDto)
  actions?: ConclusionActionDto[];
  @ApiPropertyOptional({ type: [WaiverDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => WaiverDto)
  waivedDisciplines?: WaiverDto[];
}

export class FindingResponse {
  @ApiProperty() bodyRegion: string;
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: Number }) sizeMm: number | null;
  @ApiProperty() description: string;
}

export class DisclosureResponse {
  @ApiProperty() summary: string;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis: LegalBasis;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) disclosedAt: string;
  @ApiProperty({ format: 'uuid' }) disclosedBy: string;
}
const toDisclosureResponse = (d: Disclosure | null): DisclosureResponse | null =>
  d ? { ...d, disclosedAt: d.disclosedAt.toISOString() } : null;

export class InterviewResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorDiscipline: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'true for readers of another discipline: only existence, author, date and disclosure are shown' })
  restricted: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) personId: string | null;
  @ApiProperty({ enum: INTERVIEW_KINDS, nullable: true }) kind: InterviewKind | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) conductedAt: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) durationMinutes: number | null;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) interviewerIds: string[];
  @ApiProperty({ nullable: true, type: String }) recordingReference: string | null;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ type: SupplementaryDto, nullable: true, description: 'set on a supplementary interview (tell once)' })
  supplementary: SupplementaryDto | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'an interviewer of the first studio interview is among its interviewers; null for readers of another discipline',
  })
  sameInterviewer: boolean | null;
  @ApiProperty({ type: DisclosureResponse, nullable: true }) disclosure: DisclosureResponse | null;
}
export const toInterviewResponse = (i: Interview): InterviewResponse => ({
  ...i,
  createdAt: i.createdAt.toISOString(),
  conductedAt: iso(i.conductedAt),
  disclosure: toDisclosureResponse(i.disclosure),
});

export class InterviewPage extends PageOf(InterviewResponse) {}

export class ExaminationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorDiscipline: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'true for readers of another discipline: only existence, author, date and disclosure are shown' })
  restricted: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) personId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) examinedAt: string | null;
  @ApiProperty({ enum: EXAMINATION_CONTEXTS, nullable: true }) context: ExaminationContext | null;
  @ApiProperty({ type: ConsentDto, nullable: true }) consent: ConsentDto | null;
  @ApiProperty({ type: [FindingResponse] }) findings: FindingResponse[];
  @ApiProperty({ enum: EXAMINATION_CONCLUSIONS, nullable: true }) conclusion: ExaminationConclusion | null;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: DisclosureResponse, nullable: true }) disclosure: DisclosureResponse | null;
}
export const toExaminationResponse = (x: Examination): ExaminationResponse => ({
  ...x,
  findings: x.findings.map((f) => ({ bodyRegion: f.bodyRegion, kind: f.kind, sizeMm: f.sizeMm ?? null, description: f.description })),
  createdAt: x.createdAt.toISOString(),
  examinedAt: iso(x.examinedAt),
  disclosure: toDisclosureResponse(x.disclosure),
});

export class ExaminationPage extends PageOf(ExaminationResponse) {}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorDiscipline: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: ASSESSMENT_INSTRUMENTS }) instrument: AssessmentInstrument;
  @ApiProperty({ type: Object }) answers: Record<string, unknown>;
  @ApiProperty() judgement: string;
  @ApiProperty({ enum: SAFETY_LEVELS }) safety: Safety;
  @ApiProperty({ type: [String], format: 'uuid' }) personIds: string[];
}
export const toAssessmentResponse = (a: Assessment): AssessmentResponse => ({ ...a, createdAt: a.createdAt.toISOString() });

export class AssessmentPage extends PageOf(AssessmentResponse) {}

export class ConclusionActionResponse {
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ enum: FOLLOW_UP_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid', description: 'the follow-up this action became' }) followUpId: string;
}

export class ConclusionResponse {
  @ApiProperty() decision: string;
  @ApiProperty({ enum: SAFETY_LEVELS }) safety: Safety;
  @ApiProperty({ format: 'uuid' }) leadUserId: string;
  @ApiProperty({ type: [ConclusionActionResponse] }) actions: ConclusionActionResponse[];
  @ApiProperty({ type: [WaiverDto] }) waivedDisciplines: WaiverDto[];
  @ApiProperty({ format: 'date-time' }) concludedAt: string;
  @ApiProperty({ format: 'uuid' }) concludedBy: string;
}

export class ContributionsResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'interviews recorded' }) police: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'examinations recorded' }) forensic_medicine: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'assessments recorded' }) social_work: number;
}

export class IntakeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ type: [String], format: 'uuid' }) participantIds: string[];
  @ApiProperty({ enum: INTAKE_STATUSES }) status: IntakeStatus;
  @ApiProperty({ format: 'uuid' }) scheduledBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ContributionsResponse }) contributions: ContributionsResponse;
  @ApiProperty({ type: ConclusionResponse, nullable: true }) conclusion: ConclusionResponse | null;
}
export const toIntakeResponse = (k: Intake): IntakeResponse => ({
  ...k,
  scheduledAt: k.scheduledAt.toISOString(),
  createdAt: k.createdAt.toISOString(),
  conclusion: k.conclusion ? { ...k.conclusion, concludedAt: k.conclusion.concludedAt.toISOString() } : null,
});
