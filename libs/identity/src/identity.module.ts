import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { JwtStrategy } from './auth/jwt.strategy';
import { LoginService } from './login.service';
import { OrganisationsService } from './organisations.service';
import { TokenService } from './tokens';
import { UsersService } from './users.service';

/** Accounts, passwords, tokens and login. */
@Module({
  imports: [PassportModule, JwtModule.register({})],
  providers: [JwtStrategy, TokenService, LoginService, OrganisationsService, UsersService],
  exports: [TokenService, LoginService, OrganisationsService, UsersService],
})
export class IdentityModule {}
