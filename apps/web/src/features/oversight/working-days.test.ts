import { describe, expect, it } from 'vitest';
import { CHART_LAST_BUCKET, daysToAcceptance, workingDaysBetween } from './working-days';

describe('workingDaysBetween', () => {
  it('counts weekdays on Dutch time and skips the weekend', () => {
    // Friday 27 Nov 2026 10:00 in Amsterdam (09:00 UTC).
    const friday = new Date('2026-11-27T09:00:00Z');
    expect(workingDaysBetween(friday, new Date('2026-11-27T15:00:00Z'))).toBe(0);
    expect(workingDaysBetween(friday, new Date('2026-11-29T20:00:00Z'))).toBe(0);
    expect(workingDaysBetween(friday, new Date('2026-11-30T09:00:00Z'))).toBe(1);
    expect(workingDaysBetween(friday, new Date('2026-12-04T09:00:00Z'))).toBe(5);
    expect(workingDaysBetween(friday, new Date('2026-12-04T08:59:00Z'))).toBe(4);
  });

  it('is 0 for a moment before the start', () => {
    expect(workingDaysBetween(new Date('2026-12-01T09:00:00Z'), new Date('2026-11-01T09:00:00Z'))).toBe(0);
  });
});

describe('daysToAcceptance', () => {
  it('puts each accepted handover in its bar, the slow ones in the last, and leaves open ones out', () => {
    const buckets = daysToAcceptance([
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-11-30T12:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-12-02T10:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: '2026-12-02T11:00:00Z' },
      { proposedAt: '2026-10-01T09:00:00Z', acceptedAt: '2026-11-30T09:00:00Z' },
      { proposedAt: '2026-11-30T09:00:00Z', acceptedAt: null },
    ]);
    expect(buckets).toHaveLength(CHART_LAST_BUCKET + 1);
    expect(buckets[0].count).toBe(1);
    expect(buckets[2].count).toBe(2);
    expect(buckets[CHART_LAST_BUCKET].count).toBe(1);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(4);
  });
});
