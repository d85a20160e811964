import { Controller, Delete, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, SessionsService, type Actor } from '@oneroof/identity';
import { ListQueryDto } from '../common/list-query.dto';
import { UserIdParam } from './identity.dto';
import { EndedSessionsResponse, SessionIdParam, SessionPage, SessionResponse, toSessionResponse } from './sessions.dto';

/** design.md §9: a user's own sessions, and an admin ending all of someone's. */
@ApiTags('sessions')
@Controller()
export class SessionsController {
  constructor(@Inject(SessionsService) private readonly sessions: SessionsService) {}

  @Get('me/sessions')
  @ApiOkResponse({ type: SessionPage })
  async mine(@CurrentActor() actor: Actor, @Query() query: ListQueryDto): Promise<SessionPage> {
    const page = await this.sessions.listLive(actor.id, query.limit, query.cursor);
    return { items: page.items.map((s) => toSessionResponse(s, actor.sessionId)), nextCursor: page.nextCursor };
  }

  @Delete('me/sessions/:id')
  @ApiOkResponse({ type: SessionResponse, description: 'the session, ended; 404 for a session that is not the caller’s' })
  async endMine(@CurrentActor() actor: Actor, @Param() params: SessionIdParam): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.endOwn(actor, params.id), actor.sessionId);
  }

  @Delete('users/:id/sessions')
  @Roles('admin')
  @ApiOkResponse({ type: EndedSessionsResponse })
  async endAllOf(@CurrentActor() actor: Actor, @Param() params: UserIdParam): Promise<EndedSessionsResponse> {
    return this.sessions.endAllOf(actor, params.id);
  }
}
