import { describe, expect, it } from 'vitest';
import { CHART_LAST_BUCKET, daysToAcceptance } from './days-to-acceptance';

// The working-day count itself is the server's, tested with it in libs/working-days.
describe('daysToAcceptance', () => {
  it('puts each accepted handover in its bar, the slow ones in the last, and leaves open ones out', () => {
    const buckets = daysToAcceptance([
      // Monday 30 Nov 2026, 10:00 in Amsterdam; accepted the same day: within 1 working day.
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-11-30T12:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-12-02T09:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-12-01T11:00:00Z' },
      // Friday to Monday at the same time: the weekend does not count.
      { proposedAt: '2026-11-27T09:00:00Z', acceptedAt: '2026-11-30T09:00:00Z' },
      { proposedAt: '2026-10-01T09:00:00Z', acceptedAt: '2026-11-30T09:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: null },
    ]);
    expect(buckets).toHaveLength(CHART_LAST_BUCKET + 1);
    expect(buckets.map((b) => b.count)).toEqual([0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
