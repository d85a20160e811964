import { plannedTimers, timerKeys, type TimedFollowUp } from './follow-up-timers';

const now = new Date('2026-11-23T10:00:00Z');
const base: TimedFollowUp = {
  id: 'f1',
  caseId: 'c1',
  caseReference: 'MDC-2026-000001',
  kind: 'home_visit',
  scheduledAt: new Date('2026-11-24T10:00:00Z'),
  assigneeId: 'u1',
  remindBeforeMinutes: [60, 1440],
  status: 'planned',
};

describe('follow-up timers', () => {
  it('arms a reminder at each remindBeforeMinutes and an overdue notice after the grace period', () => {
    const timers = plannedTimers(base, 30, now);
    expect(timers.map((t) => [t.key, t.fireAt.toISOString(), t.event.type])).toEqual([
      ['follow_up:f1:remind:1440', '2026-11-23T10:00:00.000Z', 'follow_up.reminder'],
      ['follow_up:f1:remind:60', '2026-11-24T09:00:00.000Z', 'follow_up.reminder'],
      ['follow_up:f1:overdue', '2026-11-24T10:30:00.000Z', 'follow_up.overdue'],
    ]);
    expect(timers[0].event).toEqual({
      type: 'follow_up.reminder',
      caseId: 'c1',
      payload: {
        caseReference: 'MDC-2026-000001',
        followUpId: 'f1',
        assigneeId: 'u1',
        kind: 'home_visit',
        scheduledAt: '2026-11-24T10:00:00.000Z',
      },
    });
  });

  it.each(['done', 'missed', 'cancelled'] as const)('arms nothing once %s', (status) => {
    expect(plannedTimers({ ...base, status }, 30, now)).toEqual([]);
  });

  it('reminds of nothing that lies in the past, but is still overdue', () => {
    const past = { ...base, scheduledAt: new Date('2026-11-23T09:00:00Z') };
    expect(plannedTimers(past, 0, now).map((t) => t.key)).toEqual(['follow_up:f1:overdue']);
  });

  it('names every key a follow-up may have, so that stale ones can be cancelled', () => {
    expect(timerKeys(base)).toEqual(['follow_up:f1:remind:60', 'follow_up:f1:remind:1440', 'follow_up:f1:overdue']);
  });
});
