import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MinLength,
} from 'class-validator';
import {
  DISCIPLINES,
  ORGANISATION_KINDS,
  ROLES,
  type Discipline,
  type Organisation,
  type OrganisationKind,
  type Role,
  type User,
} from '@oneroof/identity';
import { ListQueryDto } from '../common/list-query.dto';
import { PageOf } from '../common/page.dto';
import { MaxChars } from '../common/limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'officer@politie.example' })
  @IsString()
  @MaxChars(254)
  @IsNotEmpty()
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxChars(1024)
  @IsNotEmpty()
  password: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: DISCIPLINES }) discipline: Discipline;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The one place a user becomes a response: the password hash is not even selected, and not mapped. */
export const toUserResponse = (user: User): UserResponse => ({
  id: user.id,
  email: user.email,
  name: user.name,
  discipline: user.discipline,
  roles: user.roles,
  organisationId: user.organisationId,
  active: user.active,
  createdAt: user.createdAt.toISOString(),
});

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: 'integer', description: 'seconds' }) expiresIn: number;
  @ApiProperty({ description: 'design.md §9: works once at POST /api/auth/refresh; also set as the oneroof_refresh cookie' })
  refreshToken: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Politie Noord-Holland' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toOrganisationResponse = (organisation: Organisation): OrganisationResponse => ({
  id: organisation.id,
  name: organisation.name,
  kind: organisation.kind,
  createdAt: organisation.createdAt.toISOString(),
});

export class OrganisationPage extends PageOf(OrganisationResponse) {}

export class CreateUserDto {
  @ApiProperty({ example: 'j.devries@vt.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxChars(254)
  email: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(200)
  name: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxChars(256)
  password: string;

  @ApiProperty({ enum: DISCIPLINES })
  @IsIn(DISCIPLINES)
  discipline: Discipline;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, default: ['professional'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxChars(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, minItems: 1 })
  @IsOptional()
  @IsArray()
  // An empty list used to be ignored silently; a user always holds at least one role, so say so.
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(3)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserPage extends PageOf(UserResponse) {}

export class UserDirectoryQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: DISCIPLINES })
  @IsOptional()
  @IsIn(DISCIPLINES)
  discipline?: Discipline;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'false: the deactivated users (admins only)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class UserIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/** design.md §9: the answer to a right password of a user with a second factor. */
export class MfaChallengeResponse {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'single use, 5 minutes: send it with a code to POST /api/auth/login/mfa' }) mfaToken: string;
}

export class LoginMfaDto {
  @ApiProperty()
  @IsString()
  @MaxChars(200)
  @IsNotEmpty()
  mfaToken: string;

  @ApiPropertyOptional({ description: 'the 6 digits the authenticator app shows; or send recoveryCode', example: '123456' })
  @IsOptional()
  @IsString()
  @MaxChars(12)
  code?: string;

  @ApiPropertyOptional({ description: 'one of the recovery codes shown at enrolment; each works once' })
  @IsOptional()
  @IsString()
  @MaxChars(64)
  recoveryCode?: string;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'the 6 digits the authenticator app shows', example: '123456' })
  @IsString()
  @MaxChars(12)
  @IsNotEmpty()
  code: string;
}

export class TotpEnrolmentResponse {
  @ApiProperty({ description: 'base32, to type into the app when the QR code cannot be scanned' }) secret: string;
  @ApiProperty({ description: 'otpauth:// URI, shown as a QR code' }) otpauthUri: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({ type: [String], description: 'shown once; only their hashes are kept' }) recoveryCodes: string[];
}

export class StepUpResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: 'integer', description: 'seconds' }) expiresIn: number;
}

export class MfaResetResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: [false] }) enrolled: false;
}

/** GET /api/me: the user, and where they stand with the second factor (design.md §9). */
export class MeResponse extends UserResponse {
  @ApiProperty() mfaEnrolled: boolean;
  @ApiProperty({ description: 'true while the role needs a second factor the user has not set up: only /api/me and enrolment work' })
  mfaEnrolmentRequired: boolean;
}
