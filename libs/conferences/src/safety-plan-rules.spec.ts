import { agreementsWithoutPersons, applyCheck, firstCheckAt, perpetratorsWithoutGoal } from './safety-plan-rules';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);

describe('safety plan rules (design.md §7)', () => {
  it('starts checking an agreement checkEveryDays after it was agreed, unless a first check is given', () => {
    expect(firstCheckAt(at('2026-12-01T10:00:00Z'), 7)).toEqual(at('2026-12-08T10:00:00Z'));
    expect(firstCheckAt(at('2026-12-01T10:00:00Z'), 7, at('2026-12-03T09:00:00Z'))).toEqual(at('2026-12-03T09:00:00Z'));
  });

  describe('a check', () => {
    const agreement = { status: 'holds' as const, lastCheckedAt: null, nextCheckAt: at('2026-12-08T10:00:00Z'), checkEveryDays: 7 };

    it('moves nextCheckAt on by checkEveryDays from the check', () => {
      const next = applyCheck(agreement, { checkedAt: at('2026-12-09T12:00:00Z'), result: 'holds' });
      expect(next).toMatchObject({ status: 'holds', moved: true, becameBroken: false });
      expect(next.nextCheckAt.getTime() - at('2026-12-09T12:00:00Z').getTime()).toBe(7 * DAY);
    });

    it('sets the agreement broken, until a later holds', () => {
      const broken = applyCheck(agreement, { checkedAt: at('2026-12-09T12:00:00Z'), result: 'broken' });
      expect(broken).toMatchObject({ status: 'broken', becameBroken: true });
      const again = applyCheck({ ...agreement, ...broken }, { checkedAt: at('2026-12-10T12:00:00Z'), result: 'broken' });
      expect(again).toMatchObject({ status: 'broken', becameBroken: false });
      const earlier = applyCheck({ ...agreement, ...broken }, { checkedAt: at('2026-12-09T08:00:00Z'), result: 'holds' });
      expect(earlier).toMatchObject({ status: 'broken', moved: false });
      const later = applyCheck({ ...agreement, ...broken }, { checkedAt: at('2026-12-11T08:00:00Z'), result: 'holds' });
      expect(later).toMatchObject({ status: 'holds', moved: true });
    });
  });

  it('wants a goal for each alleged perpetrator, or a reason why not', () => {
    const goals = [{ personId: 'child', track: 'child_therapy' as const, text: 'therapy' }];
    expect(perpetratorsWithoutGoal(['father'], { goals })).toEqual(['father']);
    expect(perpetratorsWithoutGoal(['father'], { goals, noPerpetratorGoalReason: '   ' })).toEqual(['father']);
    expect(perpetratorsWithoutGoal(['father'], { goals, noPerpetratorGoalReason: 'detained, programme after release' })).toEqual([]);
    expect(
      perpetratorsWithoutGoal(['father'], { goals: [...goals, { personId: 'father', track: 'perpetrator_programme', text: 'x' }] }),
    ).toEqual([]);
    expect(perpetratorsWithoutGoal([], { goals: [] })).toEqual([]);
  });

  it('wants every agreement to name whom it concerns', () => {
    const base = { text: 't', responsibleUserId: 'u', checkEveryDays: 7 };
    expect(agreementsWithoutPersons({ agreements: [{ ...base, personIds: ['p'] }, { ...base }, { ...base, personIds: [] }] })).toEqual([
      { field: 'agreements[1].personIds', message: 'an agreement names the persons it concerns' },
      { field: 'agreements[2].personIds', message: 'an agreement names the persons it concerns' },
    ]);
  });
});
