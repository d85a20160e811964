import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenVerifier } from './auth/access-token-verifier';
import { LoginService } from './login.service';
import { OrganisationsService } from './organisations.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './tokens';
import { UsersService } from './users.service';
import { SecondFactorService } from './second-factor.service';

/** Accounts, passwords, tokens and login. */
@Module({
  imports: [JwtModule.register({})],
  providers: [AccessTokenVerifier, TokenService, SessionsService, SecondFactorService, LoginService, OrganisationsService, UsersService],
  exports: [AccessTokenVerifier, TokenService, SessionsService, SecondFactorService, LoginService, OrganisationsService, UsersService],
})
export class IdentityModule {}
