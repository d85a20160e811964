import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@oneroof/identity';
import { DeadLettersService } from '@oneroof/notifications';
import { ListQueryDto } from '../common/list-query.dto';
import { DeadLetterPage, DeadLetterResponse, NotificationIdParam, toDeadLetterResponse } from './notifications.dto';

/** Events that exhausted their retries or have no route, for admins to inspect and send round again. */
@ApiTags('admin')
@Roles('admin')
@Controller('admin/outbox/dead-letters')
export class OutboxAdminController {
  constructor(@Inject(DeadLettersService) private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOkResponse({ type: DeadLetterPage })
  async list(@Query() query: ListQueryDto): Promise<DeadLetterPage> {
    const page = await this.deadLetters.list(query.limit, query.cursor);
    return { items: page.items.map(toDeadLetterResponse), nextCursor: page.nextCursor };
  }

  /** Back into the outbox: the relay hands it over again at once (NOTIFY). Postgres only. */
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: DeadLetterResponse })
  @ApiNotFoundResponse({ description: 'no dead-lettered event with this id' })
  async retry(@Param() params: NotificationIdParam): Promise<DeadLetterResponse> {
    return toDeadLetterResponse(await this.deadLetters.retry(params.id));
  }
}
