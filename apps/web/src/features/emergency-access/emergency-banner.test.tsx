import { describe, expect, it } from 'vitest';
import { minutesLeft } from './emergency-banner';

describe('minutesLeft', () => {
  const at = Date.parse('2026-12-01T10:00:00Z');
  it('rounds up, so the banner says a minute is left until it is over, and never goes below zero', () => {
    expect(minutesLeft('2026-12-01T14:00:00Z', at)).toBe(240);
    expect(minutesLeft('2026-12-01T10:00:01Z', at)).toBe(1);
    expect(minutesLeft('2026-12-01T10:00:00Z', at)).toBe(0);
    expect(minutesLeft('2026-12-01T09:00:00Z', at)).toBe(0);
  });
});
