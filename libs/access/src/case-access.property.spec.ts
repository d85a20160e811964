import fc from 'fast-check';
import { decideCaseAccess, type CaseAccessFacts, type CaseNeed } from './case-access';

/** design.md §3 as properties over every combination of facts, not only the matrix's cells. */
const facts = fc.record<CaseAccessFacts>({
  exists: fc.boolean(),
  status: fc.constantFrom('intake' as const, 'active' as const, 'closed' as const, null),
  reference: fc.constantFrom('MDC-2026-000001', null),
  teamRole: fc.constantFrom('lead' as const, 'member' as const, null),
  openHandoverReceiver: fc.boolean(),
  emergencyAccessUntil: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
  coordinator: fc.boolean(),
  resourceParty: fc.constantFrom('sender' as const, 'receiver' as const, null, undefined),
});
const needs: CaseNeed[] = ['header', 'content', 'write', 'lead', 'break_glass'];
const need = fc.constantFrom(...needs);
const standing = (f: CaseAccessFacts) => f.teamRole !== null || f.openHandoverReceiver || f.emergencyAccessUntil !== null || f.coordinator;

describe('decideCaseAccess (properties)', () => {
  it('never lets anything through for a case that does not exist', () => {
    fc.assert(fc.property(facts, need, (f, n) => !decideCaseAccess({ ...f, exists: false }, n).allowed));
  });

  it('answers an outsider not_found, as for an id never issued, for every need but breaking the glass', () => {
    const outsider = facts.map((f) => ({
      ...f,
      teamRole: null,
      openHandoverReceiver: false,
      emergencyAccessUntil: null,
      coordinator: false,
      resourceParty: null,
    }));
    fc.assert(
      fc.property(outsider, fc.constantFrom<CaseNeed>('header', 'content', 'write', 'lead'), (f, n) => {
        const decision = decideCaseAccess(f, n);
        return !decision.allowed && decision.denial === 'not_found';
      }),
    );
  });

  it('lets only current team members write, and only the lead lead', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const write = decideCaseAccess(f, 'write');
        const lead = decideCaseAccess(f, 'lead');
        return write.allowed === (f.exists && f.teamRole !== null) && lead.allowed === (f.exists && f.teamRole === 'lead');
      }),
    );
  });

  it('never gives a coordinator by oversight alone the content of a case', () => {
    fc.assert(
      fc.property(facts, (f) => {
        fc.pre(f.teamRole === null && !f.openHandoverReceiver && f.emergencyAccessUntil === null);
        return !decideCaseAccess({ ...f, coordinator: true }, 'content').allowed;
      }),
    );
  });

  it('answers forbidden only to someone who may see the case (never reveals it to an outsider)', () => {
    fc.assert(
      fc.property(facts, need, (f, n) => {
        const decision = decideCaseAccess(f, n);
        if (decision.allowed || decision.denial !== 'forbidden') return true;
        return decideCaseAccess(f, 'header').allowed;
      }),
    );
  });

  it('records the strongest standing as the purpose: team before receiver before emergency before oversight', () => {
    fc.assert(
      fc.property(facts, (f) => {
        fc.pre(f.exists && standing(f));
        const decision = decideCaseAccess(f, 'header');
        const expected =
          f.teamRole !== null
            ? 'team_member'
            : f.openHandoverReceiver
              ? 'prospective_receiver'
              : f.emergencyAccessUntil !== null
                ? 'emergency_access'
                : 'coordinator_oversight';
        return decision.allowed && decision.purpose === expected;
      }),
    );
  });
});
