import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeadLetter, Notification } from '@oneroof/notifications';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recipientId: string;
  @ApiProperty({ example: 'team.member_added', description: 'the event that raised it (design.md §5)' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ example: 'MDC-2026-000123', nullable: true, type: String }) caseReference: string | null;
  @ApiProperty({ example: 'Added to the team of MDC-2026-000123' }) title: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

/** The one place a notification becomes a response: the fields of design.md §2, nothing else. */
export const toNotificationResponse = (n: Notification): NotificationResponse => ({
  id: n.id,
  recipientId: n.recipientId,
  kind: n.kind,
  caseId: n.caseId,
  caseReference: n.caseReference,
  title: n.title,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

export class NotificationPage extends PageOf(NotificationResponse) {}

export class NotificationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'only those not yet read', type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class DeadLetterResponse {
  @ApiProperty({ format: 'uuid', description: 'the outbox event id, also its job id' }) id: string;
  @ApiProperty({ example: 'team.member_added' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null once sent round again' }) deadAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) failures: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
}

export const toDeadLetterResponse = (d: DeadLetter): DeadLetterResponse => ({
  id: d.id,
  type: d.type,
  caseId: d.caseId,
  occurredAt: d.occurredAt.toISOString(),
  deadAt: d.deadAt ? d.deadAt.toISOString() : null,
  failures: d.failures,
  lastError: d.lastError,
});

export class DeadLetterPage extends PageOf(DeadLetterResponse) {}
