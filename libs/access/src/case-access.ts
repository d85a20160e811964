import { claimedPurpose, type AuditPurpose } from '@oneroof/audit';

/**
 * What a request needs to do to a case (design.md §3):
 * - `header`: the case's fields, persons, team, handovers, follow-ups: team, receiver of an open
 *   handover, emergency access, and coordinators (oversight).
 * - `content`: entries, timeline, discipline records: as `header` but not by oversight alone.
 * - `write`: change the case file: current team members only.
 * - `lead`: the lead's actions (team changes, closing, concluding the intake).
 * - `break_glass`: emergency access (noodknop): anyone may ask for a case that exists; whether
 *   they may have it (a professional, not on the team) is the emergency-access rule's to decide.
 */
export type CaseNeed = 'header' | 'content' | 'write' | 'lead' | 'break_glass';

/** The facts that decide access, loaded in one query (access.service.ts). */
export interface CaseAccessFacts {
  exists: boolean;
  status: 'intake' | 'active' | 'closed' | null;
  reference: string | null;
  teamRole: 'lead' | 'member' | null;
  openHandoverReceiver: boolean;
  emergencyAccessUntil: Date | null;
  coordinator: boolean;
  /**
   * The caller is a party to the one resource asked for (the sender or receiver of a handover):
   * design.md §4 lets them read that record even when they have no access to the case any more.
   */
  resourceParty?: 'sender' | 'receiver' | null;
}

export type AccessDecision =
  | { allowed: true; purpose: AuditPurpose; teamRole: 'lead' | 'member' | null; partyOnly?: boolean }
  | { allowed: false; denial: 'not_found' | 'forbidden'; purpose: AuditPurpose };

/**
 * The one rule of who may do what to a case. Pure, so that every cell of the access matrix is a
 * unit test as well as an HTTP test. Outsiders get not_found: the same answer as for an id never
 * issued. Someone who may see the case but not do this gets forbidden.
 */
export function decideCaseAccess(facts: CaseAccessFacts, need: CaseNeed): AccessDecision {
  const member = facts.teamRole !== null;
  // The strongest reason to be here is the one the audit trail records.
  const purpose: AuditPurpose | null = member
    ? 'team_member'
    : facts.openHandoverReceiver
      ? 'prospective_receiver'
      : facts.emergencyAccessUntil !== null
        ? 'emergency_access'
        : facts.coordinator
          ? 'coordinator_oversight'
          : null;
  if (need === 'break_glass') {
    return facts.exists
      ? { allowed: true, purpose: 'emergency_access', teamRole: facts.teamRole }
      : { allowed: false, denial: 'not_found', purpose: 'emergency_access' };
  }
  if (facts.exists && need === 'header' && facts.resourceParty && purpose === null) {
    // Only the record itself; the service shows a party without case access none of the case's content.
    // A coordinator has header access by oversight, party or not, and sees the record as every coordinator does.
    return {
      allowed: true,
      purpose: facts.resourceParty === 'receiver' ? 'prospective_receiver' : 'team_member',
      teamRole: facts.teamRole,
      partyOnly: true,
    };
  }
  if (!facts.exists || purpose === null) {
    return { allowed: false, denial: 'not_found', purpose: claimedPurpose(facts.coordinator) };
  }
  switch (need) {
    case 'header':
      return { allowed: true, purpose, teamRole: facts.teamRole };
    case 'content':
      return purpose === 'coordinator_oversight'
        ? { allowed: false, denial: 'forbidden', purpose }
        : { allowed: true, purpose, teamRole: facts.teamRole };
    case 'write':
      return member ? { allowed: true, purpose, teamRole: facts.teamRole } : { allowed: false, denial: 'forbidden', purpose };
    case 'lead':
      return facts.teamRole === 'lead' ? { allowed: true, purpose, teamRole: 'lead' } : { allowed: false, denial: 'forbidden', purpose };
  }
  return { allowed: false, denial: 'not_found', purpose };
}
