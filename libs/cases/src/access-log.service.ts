import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { AuditSearch, type AuditEventView } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Db, type Page } from '@oneroof/platform';
import { caseOfPerson } from './case-repository';
import { CasesError } from './cases-errors';

/**
 * "Who saw this" for a coordinator (design.md §4 access-log rows): the audit trail of one case or
 * one person. The question is itself case data access, so it passes the gate and is audited.
 */
@Injectable()
export class AccessLogService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(AuditSearch) private readonly search: AuditSearch,
  ) {}

  async ofCase(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<AuditEventView>> {
    return this.gate.run(actor, caseId, { action: 'audit.case_access_log', resourceType: 'audit_log', need: 'header' }, async () => ({
      result: await this.search.search({ caseId }, limit, cursor),
    }));
  }

  async ofPerson(actor: Actor, personId: string, limit: number, cursor?: string): Promise<Page<AuditEventView>> {
    const caseId = await caseOfPerson(this.db, personId);
    if (!caseId) throw new CasesError('not_found', 'PERSON_NOT_FOUND', 'The person does not exist.');
    return this.gate.run(
      actor,
      caseId,
      { action: 'audit.person_access_log', resourceType: 'audit_log', resourceId: personId, need: 'header' },
      async () => ({ result: await this.search.search({ personId }, limit, cursor), personIds: [personId] }),
    );
  }
}
