export {
  EVENTS_QUEUE,
  EVENT_JOB_NAME,
  EVENT_JOB_ATTEMPTS,
  EVENT_JOB_OPTIONS,
  inspectorConnection,
  workerConnection,
  withTimeout,
  eventsOf,
  batchJobId,
  type EventJobData,
} from './queue';
export { ROUTES, routeOf, caseReferenceOf, titleOf, type Route, type RecipientRule } from './routing';
export { NOTIFICATION_SUBJECT_TYPES, type AboutRule, type NotificationSubjectType } from './routing';
export { NotificationProcessor, type ProcessOutcome, type EventRef, type BatchOutcome } from './notification-processor';
export { EventBatcher, type EventBatcherOptions } from './event-batcher';
export { OutboxRelay, DEFAULT_RELAY_OPTIONS, type RelayOptions } from './outbox-relay';
export { InboxService, type Notification } from './inbox.service';
export { DeadLettersService, type DeadLetter } from './dead-letters.service';
export { OutboxStatsService, type OutboxStats } from './outbox-stats';
export { NotificationsModule } from './notifications.module';
