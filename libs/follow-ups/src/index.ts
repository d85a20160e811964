export * from './follow-up-model';
export { FollowUpsService } from './follow-ups.service';
export { FeedTokensService } from './feed-tokens.service';
export { plannedTimers, timerKeys, reminderKey, overdueKey, followUpTimerPrefix, type TimedFollowUp } from './follow-up-timers';
export { renderCalendar, escapeText, foldLine, icsDateTime, type CalendarItem } from './ics';
export { FollowUpsModule } from './follow-ups.module';
export { FollowUpError, type FollowUpErrorCode } from './follow-up-errors';
