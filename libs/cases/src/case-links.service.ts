import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { hasRole, type Actor } from '@oneroof/identity';
import { Clock } from '@oneroof/platform';
import * as links from './case-links-repository';
import type { CaseLinkKind } from './case-links-repository';
import { CasesError } from './cases-errors';

export interface CaseLink {
  /** The other case: its id and reference, nothing else of it (design.md §8). */
  caseId: string;
  reference: string;
  kind: CaseLinkKind;
  note: string | null;
  linkedAt: Date;
}

export interface PossibleRereport {
  caseId: string;
  reference: string;
  foundAt: Date;
}

export interface CaseLinks {
  items: CaseLink[];
  /** Open matches not yet linked or dismissed: for coordinators only, empty for everyone else. */
  possibleRereports: PossibleRereport[];
}

/**
 * design.md §8 re-reports and links. Reading is under the case's own rule; linking and dismissing
 * are a coordinator's (the controller's role check) on a case the coordinator sees by oversight.
 * A team learns of an earlier case only once it is linked, and then only its reference.
 */
@Injectable()
export class CaseLinksService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string): Promise<CaseLinks> {
    return this.gate.run(actor, caseId, { action: 'case.links.read', resourceType: 'case', need: 'header' }, async (tx) => {
      const items = (await links.linksOf(tx, caseId)).map(toLink);
      const possibleRereports = hasRole(actor, 'coordinator')
        ? (await links.openMatchesOf(tx, caseId)).map((m) => ({
            caseId: m.earlier_case_id,
            reference: m.earlier_reference,
            foundAt: m.found_at,
          }))
        : [];
      return { result: { items, possibleRereports }, resourceId: caseId };
    });
  }

  async link(actor: Actor, caseId: string, input: { caseId: string; kind: CaseLinkKind; note?: string | null }): Promise<CaseLink> {
    return this.gate.run(actor, caseId, { action: 'case.link', resourceType: 'case_link', need: 'header' }, async (tx) => {
      await this.requireOther(tx, caseId, input.caseId);
      if (await links.linkExists(tx, caseId, input.caseId)) {
        throw new CasesError('conflict', 'ALREADY_LINKED', 'The two cases are linked already.');
      }
      const now = this.clock.now();
      const id = await links.insertLink(tx, {
        caseId,
        linkedCaseId: input.caseId,
        kind: input.kind,
        note: input.note ?? null,
        by: actor.id,
        at: now,
      });
      await links.decideMatch(tx, caseId, input.caseId, 'linked', actor.id, now);
      const link = (await links.linksOf(tx, caseId)).find((l) => l.id === id)!;
      return { result: toLink(link), resourceId: id };
    });
  }

  /** The coordinator judged the match a different family: it is no longer offered. */
  async dismiss(actor: Actor, caseId: string, earlierCaseId: string): Promise<void> {
    await this.gate.run(actor, caseId, { action: 'case.rereport.dismiss', resourceType: 'case', need: 'header' }, async (tx) => {
      if (!(await links.decideMatch(tx, caseId, earlierCaseId, 'dismissed', actor.id, this.clock.now()))) {
        throw new CasesError('rule', 'NO_SUCH_MATCH', 'There is no open possible re-report between these cases.', {
          errors: [{ field: 'caseId', message: 'no open possible re-report with this case' }],
        });
      }
      return { result: undefined, resourceId: caseId };
    });
  }

  private async requireOther(tx: Parameters<typeof links.caseExists>[0], caseId: string, otherId: string): Promise<void> {
    if (otherId === caseId) {
      throw new CasesError('rule', 'LINK_TO_ITSELF', 'A case is not linked to itself.', {
        errors: [{ field: 'caseId', message: 'name another case' }],
      });
    }
    if (!(await links.caseExists(tx, otherId))) {
      throw new CasesError('rule', 'UNKNOWN_CASE', 'The other case does not exist.', {
        errors: [{ field: 'caseId', message: 'no case with this id' }],
      });
    }
  }
}

const toLink = (l: links.CaseLinkRow): CaseLink => ({
  caseId: l.other_case_id,
  reference: l.other_reference,
  kind: l.kind,
  note: l.note,
  linkedAt: l.linked_at,
});
