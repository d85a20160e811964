import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AccessTokenVerifier,
  AllowedBeforeEnrolment,
  CurrentActor,
  IdentityError,
  LoginService,
  mustEnrol,
  Public,
  SecondFactorService,
  SessionsService,
  UsersService,
  type Actor,
  type SessionTokens,
} from '@oneroof/identity';
import { APP_CONFIG, invalid, type AppConfig } from '@oneroof/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  LoginDto,
  LoginMfaDto,
  LoginResponse,
  MeResponse,
  MfaChallengeResponse,
  StepUpResponse,
  toUserResponse,
  TotpCodeDto,
} from './identity.dto';
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
    @Inject(SecondFactorService) private readonly secondFactor: SecondFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiExtraModels(LoginResponse, MfaChallengeResponse)
  @ApiOkResponse({
    description: 'a session; or, for a user with a second factor, the mfaToken of the second step (design.md §9)',
    schema: { oneOf: [{ $ref: getSchemaPath(LoginResponse) }, { $ref: getSchemaPath(MfaChallengeResponse) }] },
  })
  @ApiBadRequestResponse({ description: 'problem+json naming the invalid fields' })
  @ApiUnauthorizedResponse({ description: 'wrong email or password, locked, or deactivated: one answer for all' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address; Retry-After in seconds' })
  @ApiProblems(429)
  async authenticate(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse | MfaChallengeResponse> {
    const result = await this.login.login({ email: body.email, password: body.password, clientIp: request.ip });
    if ('mfaRequired' in result) return { mfaRequired: true, mfaToken: result.mfaToken };
    return this.answer(result, reply);
  }

  /** design.md §9: the second step; a wrong code, a used or expired token, or a lockout: one 401 for all. */
  @Public()
  @Post('auth/login/mfa')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'wrong or reused code, spent or expired mfaToken, or locked: one answer for all' })
  async loginMfa(@Body() body: LoginMfaDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    if (body.code === undefined && body.recoveryCode === undefined) {
      throw invalid([{ field: 'code', message: 'code or recoveryCode is required' }]);
    }
    const result = await this.secondFactor.completeLogin({ mfaToken: body.mfaToken, code: body.code, recoveryCode: body.recoveryCode });
    return this.answer(result, reply);
  }

  /** design.md §9 step-up: a current code makes the session's second factor fresh for STEP_UP_MINUTES. */
  @Post('auth/step-up')
  @HttpCode(200)
  @ApiOkResponse({ type: StepUpResponse })
  @ApiProblems(409, 422)
  async stepUp(@CurrentActor() actor: Actor, @Body() body: TotpCodeDto): Promise<StepUpResponse> {
    return this.secondFactor.stepUp(actor, body.code);
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
  @AllowedBeforeEnrolment()
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');
    return {
      ...toUserResponse(user),
      mfaEnrolled: actor.mfaEnrolled === true,
      mfaEnrolmentRequired: mustEnrol(actor, this.config.mfaRequiredRoles),
    };
  }
}
