import { describe, expect, it } from 'vitest';
import { clockKey, sortClocks } from './clock-key';

describe('clocks on the case page', () => {
  it('names a clock by its kind and the child or handover it runs for', () => {
    expect(clockKey({ clock: 'intake_scheduled' })).toBe('intake_scheduled:case');
    expect(clockKey({ clock: 'child_interviewed', personId: 'p1' })).toBe('child_interviewed:p1');
    expect(clockKey({ clock: 'handover_accepted', handoverId: 'h1' })).toBe('handover_accepted:h1');
  });

  it('shows breached clocks first, then running, then met, each by due date', () => {
    const clocks = [
      { state: 'met', dueAt: '2026-01-01T00:00:00.000Z', id: 'm' },
      { state: 'running', dueAt: '2026-01-05T00:00:00.000Z', id: 'r2' },
      { state: 'breached', dueAt: '2026-01-03T00:00:00.000Z', id: 'b' },
      { state: 'running', dueAt: '2026-01-02T00:00:00.000Z', id: 'r1' },
    ] as const;
    expect(sortClocks(clocks).map((c) => c.id)).toEqual(['b', 'r1', 'r2', 'm']);
  });
});
