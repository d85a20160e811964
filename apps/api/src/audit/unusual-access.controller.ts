import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UnusualAccess } from '@oneroof/audit';
import { CurrentActor, Roles, type Actor } from '@oneroof/identity';
import { ApiProblems } from '../openapi/decorators';
import {
  FlagIdParam,
  FlagQueryDto,
  ReviewFlagDto,
  toFlagResponse,
  UnusualAccessFlagPage,
  UnusualAccessFlagResponse,
} from './unusual-access.dto';

/** design.md §9 unusual access: the worker's flags, for the coordinators to review. */
@ApiTags('audit')
@Controller('audit/flags')
@Roles('coordinator')
export class UnusualAccessController {
  constructor(@Inject(UnusualAccess) private readonly unusual: UnusualAccess) {}

  @Get()
  @ApiOkResponse({ type: UnusualAccessFlagPage })
  async list(@CurrentActor() actor: Actor, @Query() query: FlagQueryDto): Promise<UnusualAccessFlagPage> {
    const page = await this.unusual.list(actor, query.status ?? 'open', query.limit, query.cursor);
    return { items: page.items.map(toFlagResponse), nextCursor: page.nextCursor };
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOkResponse({ type: UnusualAccessFlagResponse })
  @ApiProblems(409)
  async review(
    @CurrentActor() actor: Actor,
    @Param() params: FlagIdParam,
    @Body() body: ReviewFlagDto,
  ): Promise<UnusualAccessFlagResponse> {
    return toFlagResponse(await this.unusual.review(actor, params.id, body.note));
  }
}
