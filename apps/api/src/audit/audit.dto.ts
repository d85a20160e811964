import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_OUTCOMES, AUDIT_PURPOSES, type AuditOutcome, type AuditPurpose } from '@oneroof/audit';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, Validate } from 'class-validator';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';
import { MaxChars } from '../common/limits';
import { IsIsoDateTime } from '../common/iso-date-time';
import { NotBeforeFrom } from '../common/time-range';

export class AuditSearchQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'events whose personIds contain this person' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @ApiPropertyOptional({ example: 'case.read' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxChars(100)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive' })
  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive; not before from' })
  @IsOptional()
  @IsIsoDateTime()
  @Validate(NotBeforeFrom)
  to?: string;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorDiscipline: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorOrganisationId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'J. de Vries',
    description: "the actor's name as the user directory has it now; null for an event without an actor",
  })
  actorName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Veilig Thuis Kennemerland',
    description: 'the name (as it is now) of the organisation the actor acted for, actorOrganisationId; null when there is none',
  })
  actorOrganisationName: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) onBehalfOfId: string | null;
  @ApiProperty({ example: 'case.read' }) action: string;
  @ApiProperty({ example: 'case' }) resourceType: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) personIds: string[];
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: AuditOutcome;
  @ApiProperty({ enum: AUDIT_PURPOSES }) purpose: AuditPurpose;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'the cases a read across cases (a list) returned, each of which this event is on the access log of; empty for an event of one case',
  })
  caseIds: string[];
}

export class AuditEventPage extends PageOf(AuditEventResponse) {}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({
    description:
      'a checkpoint kept outside the database, as the worker logs it (`checkpoint` field of its "audit checkpoint" line): `<position>:<hash>:<signature>`',
    pattern: '^[1-9][0-9]{0,18}:[0-9a-f]{64}:[0-9a-f]{64}$',
  })
  @IsOptional()
  @IsString({ message: 'checkpoint must be <position>:<hash>:<signature>' })
  // 19 digits, two 64-character hex strings and two colons.
  @MaxLength(149)
  @Matches(/^[1-9][0-9]{0,18}:[0-9a-f]{64}:[0-9a-f]{64}$/, { message: 'checkpoint must be <position>:<hash>:<signature>' })
  checkpoint?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: recompute the chain from its first link; otherwise from the last checkpoint a verification signed (design.md §11)',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'full must be true or false' })
  full?: 'true' | 'false';
}

export class AuditCheckpointResponse {
  @ApiProperty({ description: 'chain position the checkpoint signs' }) position: string;
  @ApiProperty() hash: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it was written; null for a given one' })
  at: string | null;
  @ApiProperty({ enum: ['stored', 'given'] }) source: 'stored' | 'given';
}

export class AuditVerifyResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'chain positions recomputed' }) checked: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the first event whose link does not hold; null when valid' })
  firstBrokenId: string | null;
  @ApiProperty({
    enum: ['hash_mismatch', 'unchained_event', 'signature_invalid', 'truncated'],
    nullable: true,
    type: String,
    description: 'why it is not valid; null when valid',
  })
  reason: 'hash_mismatch' | 'unchained_event' | 'signature_invalid' | 'truncated' | null;
  @ApiProperty({ type: AuditCheckpointResponse, nullable: true, description: 'the newest signed checkpoint the chain holds to' })
  lastCheckpoint: AuditCheckpointResponse | null;
  @ApiProperty({
    type: AuditCheckpointResponse,
    nullable: true,
    description: 'the checkpoint the chain fails (signature_invalid, truncated)',
  })
  brokenCheckpoint: AuditCheckpointResponse | null;
  @ApiProperty({
    type: String,
    description:
      'the first chain position this verification recomputed: "1" for a full one, the position after its starting checkpoint otherwise',
  })
  fromPosition: string;
  @ApiProperty({ description: 'whether the chain was recomputed from its first link (?full=true, or no verified checkpoint yet)' })
  full: boolean;
}
