import { addWorkingDays, defaultRespondBy, responseDueAt } from './working-days';

const at = (iso: string) => new Date(iso);

describe('respondBy: 5 working days (Monday to Friday) after the proposal', () => {
  it.each([
    ['Monday', '2026-11-23T10:00:00.000Z', '2026-11-30T10:00:00.000Z'],
    ['Wednesday', '2026-11-25T10:00:00.000Z', '2026-12-02T10:00:00.000Z'],
    ['Friday', '2026-11-27T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
    ['Saturday', '2026-11-28T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
    ['Sunday', '2026-11-29T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
  ])('a proposal on %s is due the weekday five working days on', (_day, proposed, due) => {
    expect(defaultRespondBy(at(proposed)).toISOString()).toBe(due);
  });

  it('skips the weekend in between: Thursday + 2 working days is Monday', () => {
    expect(addWorkingDays(at('2026-11-26T09:30:00.000Z'), 2).toISOString()).toBe('2026-11-30T09:30:00.000Z');
  });

  it('reads the weekday in Dutch time: Friday 23:30 UTC is already Saturday in Amsterdam', () => {
    // Friday 2026-11-27 23:30Z = Saturday 00:30 in Amsterdam: the next day (Saturday 23:30Z) is a Sunday there.
    expect(addWorkingDays(at('2026-11-27T23:30:00.000Z'), 1).toISOString()).toBe('2026-11-29T23:30:00.000Z');
    expect(addWorkingDays(at('2026-11-27T23:30:00.000Z'), 1, 'UTC').toISOString()).toBe('2026-11-30T23:30:00.000Z');
  });

  it('adds nothing for zero days and refuses nonsense', () => {
    expect(addWorkingDays(at('2026-11-28T10:00:00.000Z'), 0).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(() => addWorkingDays(at('2026-11-28T10:00:00.000Z'), -1)).toThrow();
    expect(() => addWorkingDays(at('2026-11-28T10:00:00.000Z'), 1.5)).toThrow();
  });

  it('reminds the receiver halfway', () => {
    expect(responseDueAt(at('2026-11-23T10:00:00.000Z'), at('2026-11-30T10:00:00.000Z')).toISOString()).toBe('2026-11-26T22:00:00.000Z');
  });
});
