import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import type { Session } from '@oneroof/identity';
import { MaxChars } from '../common/limits';
import { PageOf } from '../common/page.dto';

/** design.md §9: the body is optional; the web app sends none and its cookie carries the token. */
export class RefreshDto {
  @ApiPropertyOptional({ description: 'the refresh token from login or the last refresh; else the oneroof_refresh cookie' })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  refreshToken?: string;
}

/** Its own class, not a subclass: the OpenAPI document does not inherit the parent's limits. */
export class LogoutDto {
  @ApiPropertyOptional({ description: 'ends this refresh token’s session when no bearer token names one; else the cookie’s' })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  refreshToken?: string;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ description: 'the session of the access token that asked' }) current: boolean;
}

export class SessionPage extends PageOf(SessionResponse) {}

export class LogoutResponse {
  @ApiProperty({ description: 'false when no live session was named (already ended, or no credential)' }) ended: boolean;
}

export class EndedSessionsResponse {
  @ApiProperty({ description: 'how many live sessions were ended' }) ended: number;
}

export class SessionIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export const toSessionResponse = (session: Session, currentSessionId: string | undefined): SessionResponse => ({
  id: session.id,
  userId: session.userId,
  createdAt: session.createdAt.toISOString(),
  lastSeenAt: session.lastSeenAt.toISOString(),
  expiresAt: session.expiresAt.toISOString(),
  endedAt: session.endedAt?.toISOString() ?? null,
  userAgent: session.userAgent,
  ip: session.ip,
  current: session.id === currentSessionId,
});
