import { clockState } from './clocks.service';

const at = (iso: string) => new Date(iso);
const DUE = at('2026-12-02T10:00:00.000Z');

describe('clockState (design.md §8): decided when the clock stops; running past dueAt is breached', () => {
  it.each([
    ['stopped before dueAt', '2026-12-02T09:59:59.999Z', '2026-12-20T00:00:00.000Z', 'met'],
    ['stopped exactly at dueAt', '2026-12-02T10:00:00.000Z', '2026-12-20T00:00:00.000Z', 'met'],
    ['stopped after dueAt', '2026-12-02T10:00:00.001Z', '2026-12-02T10:00:00.001Z', 'breached'],
    ['running before dueAt', null, '2026-12-02T09:00:00.000Z', 'running'],
    ['running at dueAt', null, '2026-12-02T10:00:00.000Z', 'running'],
    ['running past dueAt', null, '2026-12-02T10:00:00.001Z', 'breached'],
  ])('%s', (_name, stoppedAt, now, state) => {
    expect(clockState(stoppedAt ? at(stoppedAt) : null, DUE, at(now))).toBe(state);
  });
});
