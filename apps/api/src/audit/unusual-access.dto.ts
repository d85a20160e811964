import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { FLAG_STATUSES, UNUSUAL_ACCESS_RULES, type FlagStatus, type UnusualAccessFlag, type UnusualAccessRule } from '@oneroof/audit';
import { ListQueryDto } from '../common/list-query.dto';
import { MaxChars } from '../common/limits';
import { PageOf } from '../common/page.dto';

export class FlagQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: FLAG_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(FLAG_STATUSES)
  status?: FlagStatus;
}

export class FlagIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class ReviewFlagDto {
  @ApiProperty({ description: 'what the coordinator found, e.g. who was asked and why the reads were justified' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'note must say what the review found' })
  @MaxChars(2000)
  note: string;
}

export class UnusualAccessFlagResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: UNUSUAL_ACCESS_RULES,
    description:
      'person_many_readers: > UNUSUAL_READERS users in 24 h; user_many_emergency_accesses: > 2 in 7 days; user_many_cases: > UNUSUAL_CASES cases in 1 h',
  })
  rule: UnusualAccessRule;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the user the rule is about' }) userId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the person whose data was read' }) personId: string | null;
  @ApiProperty({ type: 'integer' }) observed: number;
  @ApiProperty({ type: 'integer' }) threshold: number;
  @ApiProperty({ format: 'date-time' }) windowStart: string;
  @ApiProperty({ format: 'date-time' }) windowEnd: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty({ enum: FLAG_STATUSES }) status: FlagStatus;
  @ApiProperty({ nullable: true, type: String }) reviewNote: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt: string | null;
}

export class UnusualAccessFlagPage extends PageOf(UnusualAccessFlagResponse) {}

export const toFlagResponse = (f: UnusualAccessFlag): UnusualAccessFlagResponse => ({
  id: f.id,
  rule: f.rule,
  userId: f.userId,
  personId: f.personId,
  observed: f.observed,
  threshold: f.threshold,
  windowStart: f.windowStart.toISOString(),
  windowEnd: f.windowEnd.toISOString(),
  raisedAt: f.raisedAt.toISOString(),
  status: f.status,
  reviewNote: f.reviewNote,
  reviewedBy: f.reviewedBy,
  reviewedAt: f.reviewedAt?.toISOString() ?? null,
});
