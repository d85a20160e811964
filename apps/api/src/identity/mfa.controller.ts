import { Body, Controller, Delete, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedBeforeEnrolment, CurrentActor, Roles, SecondFactorService, type Actor } from '@oneroof/identity';
import { ApiProblems } from '../openapi/decorators';
import { MfaResetResponse, RecoveryCodesResponse, TotpCodeDto, TotpEnrolmentResponse, UserIdParam } from './identity.dto';

/** design.md §9: enrolling a TOTP second factor, and an admin resetting one. */
@ApiTags('auth')
@Controller()
export class MfaController {
  constructor(@Inject(SecondFactorService) private readonly secondFactor: SecondFactorService) {}

  @Post('me/mfa/totp')
  @AllowedBeforeEnrolment()
  @ApiCreatedResponse({
    type: TotpEnrolmentResponse,
    description: 'pending until confirmed with a code; starting again replaces the secret',
  })
  @ApiProblems(409)
  async start(@CurrentActor() actor: Actor): Promise<TotpEnrolmentResponse> {
    return this.secondFactor.startEnrolment(actor);
  }

  @Post('me/mfa/totp/confirm')
  @HttpCode(200)
  @AllowedBeforeEnrolment()
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiProblems(409, 422)
  async confirm(@CurrentActor() actor: Actor, @Body() body: TotpCodeDto): Promise<RecoveryCodesResponse> {
    return this.secondFactor.confirmEnrolment(actor, body.code);
  }

  @Delete('users/:id/mfa')
  @Roles('admin')
  @ApiOkResponse({ type: MfaResetResponse })
  async reset(@CurrentActor() actor: Actor, @Param() params: UserIdParam): Promise<MfaResetResponse> {
    return this.secondFactor.reset(actor, params.id);
  }
}
