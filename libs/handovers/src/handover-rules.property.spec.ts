import fc from 'fast-check';
import { missingChecklistItems } from './checklist';
import { CHECKLIST_ITEMS, HANDOVER_STATUSES, isOpen, type HandoverStatus } from './handover-model';
import { decideTransition, HANDOVER_ACTIONS, HANDOVER_PARTIES } from './handover-state';

const status = fc.constantFrom(...HANDOVER_STATUSES);
const action = fc.constantFrom(...HANDOVER_ACTIONS);
const party = fc.constantFrom(...HANDOVER_PARTIES);

describe('the warm-transfer state machine (properties)', () => {
  it('never leaves an ended handover, and never accepts without the meeting', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(action, party), { maxLength: 12 }), (steps) => {
        let state: HandoverStatus = 'proposed';
        let briefed = false;
        for (const [a, p] of steps) {
          const decision = decideTransition(state, a, p);
          if (!isOpen(state) && decision.allowed) return false;
          if (decision.allowed) {
            if (decision.next === 'accepted' && !briefed) return false;
            if (decision.next === 'briefed') briefed = true;
            state = decision.next;
          }
        }
        return true;
      }),
    );
  });

  it('answers 403 to a party that may never take the action, whatever the state', () => {
    fc.assert(
      fc.property(status, status, action, party, (s1, s2, a, p) => {
        const first = decideTransition(s1, a, p);
        const second = decideTransition(s2, a, p);
        const forbidden1 = !first.allowed && first.kind === 'forbidden';
        const forbidden2 = !second.allowed && second.kind === 'forbidden';
        return forbidden1 === forbidden2;
      }),
    );
  });

  it('lets only the receiver accept or decline and only the sender withdraw; nobody else changes anything', () => {
    fc.assert(
      fc.property(status, action, party, (s, a, p) => {
        const decision = decideTransition(s, a, p);
        if (!decision.allowed) return true;
        if (p === 'other') return false;
        if (a === 'accept' || a === 'decline') return p === 'receiver';
        if (a === 'withdraw') return p === 'sender';
        return true;
      }),
    );
  });
});

describe('the handover checklist (properties)', () => {
  const text = fc.oneof(fc.constant(''), fc.constant('   '), fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 20 }));
  const input = fc.record({
    safetySituation: text,
    risks: text,
    safetyAgreements: text,
    openActions: text,
    involvedProfessionals: text,
    expectations: text,
    familyInformed: fc.constantFrom(true, false, null, undefined),
    familyNotInformedReason: text,
  });

  it('names exactly the items that are empty or blank, in the order of design.md §2', () => {
    fc.assert(
      fc.property(input, (c) => {
        const missing = missingChecklistItems(c);
        const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
        const expected: string[] = CHECKLIST_ITEMS.filter((item) => blank(c[item]));
        if (c.familyInformed !== true && blank(c.familyNotInformedReason)) expected.push('familyInformed');
        return JSON.stringify(missing) === JSON.stringify(expected);
      }),
    );
  });
});
