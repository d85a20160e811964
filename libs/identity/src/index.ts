export * from './domain';
export { hashPassword, verifyPassword } from './passwords';
export { OrganisationsService } from './organisations.service';
export { UsersService, type NewUser, type UserChanges } from './users.service';
export { LoginService, MAX_CONSECUTIVE_FAILURES, LOCKOUT_MINUTES } from './login.service';
export { TokenService, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, ACCESS_TOKEN_TTL_SECONDS } from './tokens';
export { Public, Roles, CurrentActor } from './auth/decorators';
export { JwtAuthGuard, RolesGuard } from './auth/guards';
export { IdentityModule } from './identity.module';
