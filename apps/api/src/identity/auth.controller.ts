import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import {
  AccessTokenVerifier,
  CurrentActor,
  IdentityError,
  LoginService,
  Public,
  SessionsService,
  UsersService,
  type Actor,
  type SessionTokens,
} from '@oneroof/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginDto, LoginResponse, toUserResponse, UserResponse } from './identity.dto';
import { ApiProblems } from '../openapi/decorators';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { LogoutDto, LogoutResponse, RefreshDto } from './sessions.dto';

const BEARER = /^Bearer (\S+)$/;

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming the invalid fields' })
  @ApiUnauthorizedResponse({ description: 'wrong email or password, locked, or deactivated: one answer for all' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address; Retry-After in seconds' })
  @ApiProblems(429)
  async authenticate(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const result = await this.login.login({ email: body.email, password: body.password, clientIp: request.ip });
    return this.answer(result, reply);
  }

  /** design.md §9: rotation. The body's token, else the cookie's; a used one ends the whole session. */
  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'unknown, used, or ended: one answer for all (a used one also ends its session)' })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    try {
      return this.answer(await this.sessions.refresh(body?.refreshToken ?? readRefreshCookie(request)), reply);
    } catch (error) {
      // A cookie that no longer works is useless to keep: the browser forgets it.
      clearRefreshCookie(reply);
      throw error;
    }
  }

  /**
   * design.md §9: sign-out ends the session of the bearer token, or else of the refresh token
   * (body or cookie), and clears the cookie. It is public so that a browser whose access token has
   * expired can still end its session with the cookie alone.
   */
  @Public()
  @Post('auth/logout')
  @HttpCode(200)
  @ApiOkResponse({ type: LogoutResponse })
  async logout(
    @Body() body: LogoutDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogoutResponse> {
    const bearer = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const actor = bearer ? ((await this.verifier.verify(bearer)) ?? undefined) : undefined;
    clearRefreshCookie(reply);
    return this.sessions.logout({ actor, refreshToken: body?.refreshToken ?? readRefreshCookie(request) });
  }

  private answer(result: SessionTokens, reply: FastifyReply): LoginResponse {
    setRefreshCookie(reply, result.refreshToken, result.sessionExpiresAt);
    return {
      accessToken: result.accessToken,
      expiresIn: result.expiresIn,
      refreshToken: result.refreshToken,
      user: toUserResponse(result.user),
    };
  }

  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');
    return toUserResponse(user);
  }
}
