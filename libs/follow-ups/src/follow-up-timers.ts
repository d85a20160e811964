import { cancelTimers, scheduleTimer, type TimerSpec, type Tx } from '@oneroof/platform';
import type { FollowUp, FollowUpKind, FollowUpStatus } from './follow-up-model';

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

export const timed = (f: FollowUp): TimedFollowUp => ({
  id: f.id,
  caseId: f.caseId,
  caseReference: f.caseReference,
  kind: f.kind,
  scheduledAt: f.scheduledAt,
  assigneeId: f.assigneeId,
  remindBeforeMinutes: f.remindBeforeMinutes,
  status: f.status,
});

/** Arms what the follow-up now needs and removes what it no longer does, in the caller's transaction. */
export async function syncTimers(tx: Tx, before: FollowUp | null, after: FollowUp, graceMinutes: number, now: Date): Promise<void> {
  const wanted = plannedTimers(timed(after), graceMinutes, now);
  if (wanted.length === 0) {
    await cancelTimers(tx, { prefix: followUpTimerPrefix(after.id) });
    return;
  }
  const keep = new Set(wanted.map((t) => t.key));
  const stale = before ? timerKeys(before).filter((key) => !keep.has(key)) : [];
  for (const key of stale) await cancelTimers(tx, key);
  for (const timer of wanted) await scheduleTimer(tx, timer);
}
