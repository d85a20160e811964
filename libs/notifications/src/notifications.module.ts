import { Module } from '@nestjs/common';
import { DeadLettersService } from './dead-letters.service';
import { InboxService } from './inbox.service';
import { NotificationProcessor } from './notification-processor';
import { OutboxStatsService } from './outbox-stats';

/**
 * The Postgres side of notifications, for the API and the worker alike. Nothing here talks to
 * Redis: the relay and the queue consumer are wired by the worker, which alone owns that pipe.
 */
@Module({
  providers: [InboxService, DeadLettersService, OutboxStatsService, NotificationProcessor],
  exports: [InboxService, DeadLettersService, OutboxStatsService, NotificationProcessor],
})
export class NotificationsModule {}
