import type { TimerSpec } from '@oneroof/platform';
import type { FollowUpKind, FollowUpStatus } from './follow-up-model';

/** What the timers of one follow-up depend on. */
export interface TimedFollowUp {
  id: string;
  caseId: string;
  caseReference: string;
  kind: FollowUpKind;
  scheduledAt: Date;
  assigneeId: string;
  remindBeforeMinutes: number[];
  status: FollowUpStatus;
}

const MINUTE_MS = 60_000;

export const followUpTimerPrefix = (id: string) => `follow_up:${id}:`;
export const reminderKey = (id: string, minutes: number) => `follow_up:${id}:remind:${minutes}`;
export const overdueKey = (id: string) => `follow_up:${id}:overdue`;

/** Every key the follow-up may have a timer under, in this state. */
export function timerKeys(f: Pick<TimedFollowUp, 'id' | 'remindBeforeMinutes'>): string[] {
  return [...f.remindBeforeMinutes.map((m) => reminderKey(f.id, m)), overdueKey(f.id)];
}

/**
 * The timers a follow-up should have armed (design.md §2): a reminder to the assignee at each
 * `remindBeforeMinutes` before its time, and an overdue notice `graceMinutes` after it, as long as
 * it is planned. Reminders for a moment already past are left out (no reminder for a time that
 * no longer holds); one whose own moment passed while the follow-up still lies ahead fires at once.
 */
export function plannedTimers(f: TimedFollowUp, graceMinutes: number, now: Date): TimerSpec[] {
  if (f.status !== 'planned') return [];
  const payload = {
    caseReference: f.caseReference,
    followUpId: f.id,
    assigneeId: f.assigneeId,
    kind: f.kind,
    scheduledAt: f.scheduledAt.toISOString(),
  };
  const at = f.scheduledAt.getTime();
  const timers: TimerSpec[] = [];
  if (at > now.getTime()) {
    for (const minutes of [...new Set(f.remindBeforeMinutes)].sort((a, b) => b - a)) {
      timers.push({
        key: reminderKey(f.id, minutes),
        fireAt: new Date(at - minutes * MINUTE_MS),
        event: { type: 'follow_up.reminder', caseId: f.caseId, payload },
      });
    }
  }
  timers.push({
    key: overdueKey(f.id),
    fireAt: new Date(at + graceMinutes * MINUTE_MS),
    event: { type: 'follow_up.overdue', caseId: f.caseId, payload },
  });
  return timers;
}
