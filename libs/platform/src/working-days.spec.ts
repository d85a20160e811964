import { defaultRespondBy, responseDueAt } from './working-days';

const at = (iso: string) => new Date(iso);

// The working-day arithmetic itself is tested with its module, libs/working-days.
describe('a handover respondBy: 5 working days after the proposal', () => {
  it.each([
    ['Monday', '2026-11-23T10:00:00.000Z', '2026-11-30T10:00:00.000Z'],
    ['Friday', '2026-11-27T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
    ['Sunday', '2026-11-29T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
  ])('a proposal on %s is due the weekday five working days on', (_day, proposed, due) => {
    expect(defaultRespondBy(at(proposed)).toISOString()).toBe(due);
  });

  it('reminds the receiver halfway', () => {
    expect(responseDueAt(at('2026-11-23T10:00:00.000Z'), at('2026-11-30T10:00:00.000Z')).toISOString()).toBe('2026-11-26T22:00:00.000Z');
  });
});
