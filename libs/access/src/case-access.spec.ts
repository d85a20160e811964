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
  outsider: {},
  partyWithoutAccess: { resourceParty: 'sender' },
  noSuchCase: { exists: false, status: null, reference: null },
  noSuchCaseAsCoordinator: { exists: false, status: null, reference: null, coordinator: true },
};

type Outcome = 'not_found' | 'forbidden' | `allowed:${string}`;
// Columns: header, content, write, lead, break_glass.
const expected: Record<keyof typeof callers, Outcome[]> = {
  lead: ['allowed:team_member', 'allowed:team_member', 'allowed:team_member', 'allowed:team_member', 'allowed:emergency_access'],
  member: ['allowed:team_member', 'allowed:team_member', 'allowed:team_member', 'forbidden', 'allowed:emergency_access'],
  receiver: ['allowed:prospective_receiver', 'allowed:prospective_receiver', 'forbidden', 'forbidden', 'allowed:emergency_access'],
  emergency: ['allowed:emergency_access', 'allowed:emergency_access', 'forbidden', 'forbidden', 'allowed:emergency_access'],
  coordinator: ['allowed:coordinator_oversight', 'forbidden', 'forbidden', 'forbidden', 'allowed:emergency_access'],
  coordinatorOnTeam: ['allowed:team_member', 'allowed:team_member', 'allowed:team_member', 'forbidden', 'allowed:emergency_access'],
  coordinatorWithEmergency: ['allowed:emergency_access', 'allowed:emergency_access', 'forbidden', 'forbidden', 'allowed:emergency_access'],
  outsider: ['not_found', 'not_found', 'not_found', 'not_found', 'allowed:emergency_access'],
  partyWithoutAccess: ['allowed:team_member', 'not_found', 'not_found', 'not_found', 'allowed:emergency_access'],
  noSuchCase: ['not_found', 'not_found', 'not_found', 'not_found', 'not_found'],
  noSuchCaseAsCoordinator: ['not_found', 'not_found', 'not_found', 'not_found', 'not_found'],
};
const needs: CaseNeed[] = ['header', 'content', 'write', 'lead', 'break_glass'];

describe('decideCaseAccess', () => {
  const table = Object.keys(callers).flatMap((caller) => needs.map((need, i) => [caller, need, expected[caller][i]] as const));

  it.each(table)('%s needing %s → %s', (caller, need, outcome) => {
    const decision = decideCaseAccess({ ...base, ...callers[caller] }, need);
    expect(decision.allowed ? `allowed:${decision.purpose}` : decision.denial).toBe(outcome);
  });

  it('marks access that rests on being a party to the record alone', () => {
    const asParty = decideCaseAccess({ ...base, resourceParty: 'receiver' }, 'header');
    expect(asParty).toEqual({ allowed: true, purpose: 'prospective_receiver', teamRole: null, partyOnly: true });
    const asMember = decideCaseAccess({ ...base, teamRole: 'member', resourceParty: 'sender' }, 'header');
    expect(asMember).toEqual({ allowed: true, purpose: 'team_member', teamRole: 'member' });
  });
});
