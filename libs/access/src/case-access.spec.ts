import { decideCaseAccess, type CaseAccessFacts, type CaseNeed } from './case-access';

/** design.md §3 as a pure table: who the caller is to the case × what they need → the decision. */
const base: CaseAccessFacts = {
  exists: true,
  status: 'active',
  reference: 'MDC-2026-000001',
  teamRole: null,
  openHandoverReceiver: false,
  emergencyAccessUntil: null,
  coordinator: false,
  resourceParty: null,
};
const until = new Date('2026-11-23T12:00:00Z');

const callers: Record<string, Partial<CaseAccessFacts>> = {
  lead: { teamRole: 'lead' },
  member: { teamRole: 'member' },
  receiver: { openHandoverReceiver: true },
  emergency: { emergencyAccessUntil: until },
  coordinator: { coordinator: true },
  coordinatorOnTeam: { coordinator: true, teamRole: 'member' },
  coordinatorWithEmergency: { coordinator: true, emergencyAccessUntil: until },
  // Issue 16's mutation rows: each was a rule no test named.
  receiverWithEmergency: { openHandoverReceiver: true, emergencyAccessUntil: until },
  coordinatorAsSender: { coordinator: true, resourceParty: 'sender' },
  coordinatorAsReceiver: { coordinator: true, resourceParty: 'receiver' },
  outsider: {},
  partyWithoutAccess: { resourceParty: 'sender' },
  receiverPartyWithoutAccess: { resourceParty: 'receiver' },
  noSuchCase: { exists: false, status: null, reference: null },
  noSuchCaseAsCoordinator: { exists: false, status: null, reference: null, coordinator: true },
};

/**
 * Every cell names the decision and the purpose it records: `allowed:<purpose>` (`+party` when it
 * rests on being a party to the record alone), or `forbidden:<purpose>` / `not_found:<purpose>`, the
 * purpose the denied attempt is audited with.
 */
type Outcome = `${'allowed' | 'forbidden' | 'not_found'}:${string}`;
const TM = 'allowed:team_member';
const EA = 'allowed:emergency_access';
// Columns: header, content, write, lead, break_glass.
const expected: Record<keyof typeof callers, Outcome[]> = {
  lead: [TM, TM, TM, TM, EA],
  member: [TM, TM, TM, 'forbidden:team_member', EA],
  receiver: [
    'allowed:prospective_receiver',
    'allowed:prospective_receiver',
    'forbidden:prospective_receiver',
    'forbidden:prospective_receiver',
    EA,
  ],
  emergency: [EA, EA, 'forbidden:emergency_access', 'forbidden:emergency_access', EA],
  coordinator: [
    'allowed:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    EA,
  ],
  coordinatorOnTeam: [TM, TM, TM, 'forbidden:team_member', EA],
  coordinatorWithEmergency: [EA, EA, 'forbidden:emergency_access', 'forbidden:emergency_access', EA],
  // The strongest standing is recorded: a receiver reads as the receiver, also after breaking the glass.
  receiverWithEmergency: [
    'allowed:prospective_receiver',
    'allowed:prospective_receiver',
    'forbidden:prospective_receiver',
    'forbidden:prospective_receiver',
    EA,
  ],
  // A coordinator who is a party to a handover sees it as every coordinator does (oversight), not less.
  coordinatorAsSender: [
    'allowed:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    EA,
  ],
  coordinatorAsReceiver: [
    'allowed:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    'forbidden:coordinator_oversight',
    EA,
  ],
  outsider: ['not_found:team_member', 'not_found:team_member', 'not_found:team_member', 'not_found:team_member', EA],
  partyWithoutAccess: ['allowed:team_member+party', 'not_found:team_member', 'not_found:team_member', 'not_found:team_member', EA],
  receiverPartyWithoutAccess: [
    'allowed:prospective_receiver+party',
    'not_found:team_member',
    'not_found:team_member',
    'not_found:team_member',
    EA,
  ],
  noSuchCase: [
    'not_found:team_member',
    'not_found:team_member',
    'not_found:team_member',
    'not_found:team_member',
    'not_found:emergency_access',
  ],
  // A coordinator's denial is on record as oversight, the standing they asked with.
  noSuchCaseAsCoordinator: [
    'not_found:coordinator_oversight',
    'not_found:coordinator_oversight',
    'not_found:coordinator_oversight',
    'not_found:coordinator_oversight',
    'not_found:emergency_access',
  ],
};
const needs: CaseNeed[] = ['header', 'content', 'write', 'lead', 'break_glass'];

describe('decideCaseAccess', () => {
  const table = Object.keys(callers).flatMap((caller) => needs.map((need, i) => [caller, need, expected[caller][i]] as const));

  it.each(table)('%s needing %s → %s', (caller, need, outcome) => {
    const decision = decideCaseAccess({ ...base, ...callers[caller] }, need);
    const seen = decision.allowed
      ? `allowed:${decision.purpose}${decision.partyOnly ? '+party' : ''}`
      : `${decision.denial}:${decision.purpose}`;
    expect(seen).toBe(outcome);
  });

  it('marks access that rests on being a party to the record alone', () => {
    const asParty = decideCaseAccess({ ...base, resourceParty: 'receiver' }, 'header');
    expect(asParty).toEqual({ allowed: true, purpose: 'prospective_receiver', teamRole: null, partyOnly: true });
    const asMember = decideCaseAccess({ ...base, teamRole: 'member', resourceParty: 'sender' }, 'header');
    expect(asMember).toEqual({ allowed: true, purpose: 'team_member', teamRole: 'member' });
  });
});
