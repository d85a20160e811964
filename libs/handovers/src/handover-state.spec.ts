import { HANDOVER_STATUSES, type HandoverStatus } from './handover-model';
import { decideTransition, HANDOVER_ACTIONS, HANDOVER_PARTIES, partyOf, type HandoverAction, type HandoverParty } from './handover-state';

/**
 * Every (state, action, party) of the warm transfer, as a table: the next state where allowed, the
 * refusal code otherwise. 403 means the party may never do this; 409 that the state forbids it now.
 */
const FORBIDDEN = '403 HANDOVER_PARTY_FORBIDDEN';
const ENDED = '409 HANDOVER_ENDED';
const TABLE: Record<HandoverStatus, Record<HandoverAction, Record<HandoverParty, string>>> = {
  proposed: {
    record_meeting: { sender: '→ briefed', receiver: '→ briefed', other: FORBIDDEN },
    accept: { sender: FORBIDDEN, receiver: '409 HANDOVER_NOT_BRIEFED', other: FORBIDDEN },
    decline: { sender: FORBIDDEN, receiver: '→ declined', other: FORBIDDEN },
    withdraw: { sender: '→ withdrawn', receiver: FORBIDDEN, other: FORBIDDEN },
  },
  briefed: {
    record_meeting: { sender: '409 HANDOVER_ALREADY_BRIEFED', receiver: '409 HANDOVER_ALREADY_BRIEFED', other: FORBIDDEN },
    accept: { sender: FORBIDDEN, receiver: '→ accepted', other: FORBIDDEN },
    decline: { sender: FORBIDDEN, receiver: '→ declined', other: FORBIDDEN },
    withdraw: { sender: '→ withdrawn', receiver: FORBIDDEN, other: FORBIDDEN },
  },
  accepted: {
    record_meeting: { sender: ENDED, receiver: ENDED, other: FORBIDDEN },
    accept: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    decline: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    withdraw: { sender: ENDED, receiver: FORBIDDEN, other: FORBIDDEN },
  },
  declined: {
    record_meeting: { sender: ENDED, receiver: ENDED, other: FORBIDDEN },
    accept: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    decline: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    withdraw: { sender: ENDED, receiver: FORBIDDEN, other: FORBIDDEN },
  },
  withdrawn: {
    record_meeting: { sender: ENDED, receiver: ENDED, other: FORBIDDEN },
    accept: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    decline: { sender: FORBIDDEN, receiver: ENDED, other: FORBIDDEN },
    withdraw: { sender: ENDED, receiver: FORBIDDEN, other: FORBIDDEN },
  },
};

describe('handover state machine (design.md §2)', () => {
  const cells = HANDOVER_STATUSES.flatMap((state) =>
    HANDOVER_ACTIONS.flatMap((action) => HANDOVER_PARTIES.map((party) => [state, action, party, TABLE[state][action][party]] as const)),
  );

  it('has a row for every state, action and party', () => {
    expect(cells).toHaveLength(5 * 4 * 3);
  });

  it.each(cells)('%s + %s by %s → %s', (state, action, party, expected) => {
    const decision = decideTransition(state, action, party);
    const shown = decision.allowed ? `→ ${decision.next}` : `${decision.kind === 'forbidden' ? 403 : 409} ${decision.code}`;
    expect(shown).toBe(expected);
  });

  it('reaches accepted only through briefed, and nothing leaves an ended state', () => {
    const reachable = new Map<HandoverStatus, Set<HandoverStatus>>();
    for (const [state, action, party] of cells) {
      const decision = decideTransition(state, action, party);
      if (decision.allowed) reachable.set(state, (reachable.get(state) ?? new Set()).add(decision.next));
    }
    expect([...(reachable.get('proposed') ?? [])].sort()).toEqual(['briefed', 'declined', 'withdrawn']);
    expect([...(reachable.get('briefed') ?? [])].sort()).toEqual(['accepted', 'declined', 'withdrawn']);
    for (const ended of ['accepted', 'declined', 'withdrawn'] as const) expect(reachable.has(ended)).toBe(false);
  });

  it('knows the caller by the handover it is about', () => {
    const handover = { fromUserId: 'a', toUserId: 'b' };
    expect([partyOf(handover, 'a'), partyOf(handover, 'b'), partyOf(handover, 'c')]).toEqual(['sender', 'receiver', 'other']);
  });

  it('refuses a state it does not know rather than guess', () => {
    expect(() => decideTransition('lost' as HandoverStatus, 'accept', 'receiver')).toThrow(/unknown handover state/);
  });
});
