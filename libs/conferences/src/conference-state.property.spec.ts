import fc from 'fast-check';
import type { ConferenceStatus } from './conference-model';
import { CONFERENCE_ACTIONS, CONFERENCE_PARTIES, decideConferenceTransition } from './conference-state';

const action = fc.constantFrom(...CONFERENCE_ACTIONS);
const party = fc.constantFrom(...CONFERENCE_PARTIES);

describe('the case-conference state machine (properties)', () => {
  it('a held conference only takes addenda, a cancelled one nothing; only the chair records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(action, party), { maxLength: 12 }), (steps) => {
        let state: ConferenceStatus = 'planned';
        for (const [a, p] of steps) {
          const decision = decideConferenceTransition(state, a, p);
          if (!decision.allowed) continue;
          if (state === 'cancelled') return false;
          if (state === 'held' && (a !== 'add_addendum' || decision.next !== 'held')) return false;
          if (a === 'record' && p !== 'chair') return false;
          state = decision.next;
        }
        return true;
      }),
    );
  });

  it('answers 403 by party alone, whatever the state', () => {
    const states: ConferenceStatus[] = ['planned', 'held', 'cancelled'];
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), action, party, (s1, s2, a, p) => {
        const one = decideConferenceTransition(s1, a, p);
        const two = decideConferenceTransition(s2, a, p);
        return (!one.allowed && one.kind === 'forbidden') === (!two.allowed && two.kind === 'forbidden');
      }),
    );
  });
});
