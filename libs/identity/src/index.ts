export * from './domain';
export { hashPassword, verifyPassword } from './passwords';
export { assertAcceptablePassword, passwordRefusal, MIN_PASSWORD_LENGTH, type PasswordRefusal } from './password-policy';
export { OrganisationsService } from './organisations.service';
export { UsersService, type NewUser, type UserChanges } from './users.service';
export { SessionsService, type Session, type SessionTokens, type SessionEndReason } from './sessions.service';
export { LoginService, MAX_CONSECUTIVE_FAILURES, LOCKOUT_MINUTES, type MfaChallenge } from './login.service';
export { SecondFactorService, MFA_TOKEN_MINUTES, type TotpEnrolment, type SecondStep } from './second-factor.service';
export { totpCode, totpStep, TOTP_PERIOD_SECONDS, RECOVERY_CODE_COUNT } from './totp';
export { mustEnrol, stepUpFresh } from './auth/second-factor-policy';
export { LOGIN_RATE_WINDOW_MS, pruneLoginRateWindows } from './login-rate-windows';
export { TokenService, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, ACCESS_TOKEN_TTL_SECONDS } from './tokens';
export {
  Public,
  Roles,
  CurrentActor,
  IS_PUBLIC,
  REQUIRED_ROLES,
  AllowedBeforeEnrolment,
  RequiresStepUp,
  whenCsv,
  type StepUpCondition,
} from './auth/decorators';
export { authenticateBearer, JwtAuthGuard, RolesGuard } from './auth/guards';
export { analystDecision, isAnalyst, type AnalystDecision } from './auth/analyst-policy';
export { IdentityModule } from './identity.module';
export { AccessTokenVerifier, ACCESS_TOKEN_VERIFY_OPTIONS } from './auth/access-token-verifier';
export { IdentityError, type IdentityErrorCode } from './identity-errors';
