import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@oneroof/identity';
import { InboxService } from '@oneroof/notifications';
import {
  NotificationIdParam,
  NotificationPage,
  NotificationResponse,
  NotificationsQueryDto,
  toNotificationResponse,
} from './notifications.dto';

/** The caller's inbox (design.md §4). Reads Postgres only: no request here waits on Redis. */
@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPage })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationsQueryDto): Promise<NotificationPage> {
    const page = await this.inbox.list(actor.id, { unread: query.unread, limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(toNotificationResponse), nextCursor: page.nextCursor };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({ description: "not one of the caller's notifications" })
  async read(@CurrentActor() actor: Actor, @Param() params: NotificationIdParam): Promise<NotificationResponse> {
    return toNotificationResponse(await this.inbox.markRead(actor.id, params.id));
  }
}
