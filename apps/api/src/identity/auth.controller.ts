import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentActor, IdentityError, LoginService, Public, UsersService, type Actor } from '@oneroof/identity';
import type { FastifyRequest } from 'fastify';
import { LoginDto, LoginResponse, toUserResponse, UserResponse } from './identity.dto';
import { ApiProblems } from '../openapi/decorators';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming the invalid fields' })
  @ApiUnauthorizedResponse({ description: 'wrong email or password, locked, or deactivated: one answer for all' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address; Retry-After in seconds' })
  @ApiProblems(429)
  async authenticate(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponse> {
    const result = await this.login.login({ email: body.email, password: body.password, clientIp: request.ip });
    return { accessToken: result.accessToken, expiresIn: result.expiresIn, user: toUserResponse(result.user) };
  }

  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');
    return toUserResponse(user);
  }
}
