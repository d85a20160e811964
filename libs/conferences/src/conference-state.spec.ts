import { CONFERENCE_STATUSES, type ConferenceStatus } from './conference-model';
import {
  CONFERENCE_ACTIONS,
  CONFERENCE_PARTIES,
  conferencePartyOf,
  decideConferenceTransition,
  type ConferenceAction,
  type ConferenceParty,
} from './conference-state';

/**
 * Every (state, action, party) of a case conference, as a table: the next state where allowed, the
 * refusal otherwise. 403 means the party may never do this; 409 that the state forbids it now.
 */
const FORBIDDEN = '403 CONFERENCE_PARTY_FORBIDDEN';
const HELD = '409 CONFERENCE_HELD';
const CANCELLED = '409 CONFERENCE_CANCELLED';
const TABLE: Record<ConferenceStatus, Record<ConferenceAction, Record<ConferenceParty, string>>> = {
  planned: {
    reschedule: { chair: '→ planned', participant: '→ planned', team_member: '→ planned' },
    record: { chair: '→ held', participant: FORBIDDEN, team_member: FORBIDDEN },
    cancel: { chair: '→ cancelled', participant: '→ cancelled', team_member: '→ cancelled' },
    add_addendum: { chair: '409 CONFERENCE_NOT_HELD', participant: '409 CONFERENCE_NOT_HELD', team_member: FORBIDDEN },
  },
  held: {
    reschedule: { chair: HELD, participant: HELD, team_member: HELD },
    record: { chair: HELD, participant: FORBIDDEN, team_member: FORBIDDEN },
    cancel: { chair: HELD, participant: HELD, team_member: HELD },
    add_addendum: { chair: '→ held', participant: '→ held', team_member: FORBIDDEN },
  },
  cancelled: {
    reschedule: { chair: CANCELLED, participant: CANCELLED, team_member: CANCELLED },
    record: { chair: CANCELLED, participant: FORBIDDEN, team_member: FORBIDDEN },
    cancel: { chair: CANCELLED, participant: CANCELLED, team_member: CANCELLED },
    add_addendum: { chair: CANCELLED, participant: CANCELLED, team_member: FORBIDDEN },
  },
};

describe('case conference state machine (design.md §7)', () => {
  const cells = CONFERENCE_STATUSES.flatMap((state) =>
    CONFERENCE_ACTIONS.flatMap((action) => CONFERENCE_PARTIES.map((party) => [state, action, party, TABLE[state][action][party]] as const)),
  );

  it('has a row for every state, action and party', () => {
    expect(cells).toHaveLength(3 * 4 * 3);
  });

  it.each(cells)('%s + %s by %s → %s', (state, action, party, expected) => {
    const decision = decideConferenceTransition(state, action, party);
    const shown = decision.allowed ? `→ ${decision.next}` : `${decision.kind === 'forbidden' ? 403 : 409} ${decision.code}`;
    expect(shown).toBe(expected);
  });

  it('leaves a held or cancelled conference only for an addendum to a held one', () => {
    for (const [state, action, party] of cells) {
      const decision = decideConferenceTransition(state, action, party);
      if (decision.allowed && state !== 'planned') expect([state, action, decision.next]).toEqual(['held', 'add_addendum', 'held']);
    }
  });

  it('knows the caller by the conference it is about', () => {
    const conference = { chairId: 'a', participantIds: ['a', 'b'] };
    expect([conferencePartyOf(conference, 'a'), conferencePartyOf(conference, 'b'), conferencePartyOf(conference, 'c')]).toEqual([
      'chair',
      'participant',
      'team_member',
    ]);
  });

  it('refuses a state it does not know rather than guess', () => {
    expect(() => decideConferenceTransition('lost' as ConferenceStatus, 'record', 'chair')).toThrow(/unknown conference state/);
  });
});
