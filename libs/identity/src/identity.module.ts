import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenVerifier } from './auth/access-token-verifier';
import { JwtStrategy } from './auth/jwt.strategy';
import { LoginService } from './login.service';
import { OrganisationsService } from './organisations.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './tokens';
import { UsersService } from './users.service';
import { SecondFactorService } from './second-factor.service';
import { DeactivationHooks } from './deactivation-hooks';

/** Accounts, passwords, tokens and login. */
@Module({
  imports: [PassportModule, JwtModule.register({})],
  providers: [
    AccessTokenVerifier,
    JwtStrategy,
    TokenService,
    SessionsService,
    SecondFactorService,
    LoginService,
    OrganisationsService,
    UsersService,
    DeactivationHooks,
  ],
  exports: [
    DeactivationHooks,
    AccessTokenVerifier,
    TokenService,
    SessionsService,
    SecondFactorService,
    LoginService,
    OrganisationsService,
    UsersService,
  ],
})
export class IdentityModule {}
