import { describe, expect, it } from 'vitest';
import { defaultPeriod, figuresOf, shown } from './figures';

describe('monitoring figures', () => {
  it('makes one figure per indicator, groups in order, indicators without rows left out', () => {
    const rows = [
      { group: '2026-02', indicator: 'reports', value: 7, n: 7, suppressed: false },
      { group: '2026-01', indicator: 'reports', value: null, n: null, suppressed: true },
      { group: '2026-02', indicator: 'supplementary_interviews', value: 2, n: 6, suppressed: false },
    ];
    expect(figuresOf(rows, ['reports', 'rereports_12m_share', 'supplementary_interviews'])).toEqual([
      {
        indicator: 'reports',
        points: [
          { group: '2026-01', value: null, n: null, suppressed: true },
          { group: '2026-02', value: 7, n: 7, suppressed: false },
        ],
      },
      { indicator: 'supplementary_interviews', points: [{ group: '2026-02', value: 2, n: 6, suppressed: false }] },
    ]);
  });

  it('shows a share as a percentage and keeps a suppressed value empty', () => {
    expect(shown(0.3333, 'share')).toBe(33.3);
    expect(shown(6.2, 'working days')).toBe(6.2);
    expect(shown(null, 'share')).toBeNull();
  });

  it('defaults to the last twelve months, the current one included', () => {
    expect(defaultPeriod(new Date('2026-12-01T13:00:00Z'))).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });
});
