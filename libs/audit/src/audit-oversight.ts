import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';
import { STANDING_PURPOSE, type AuditActor } from './audit-event';
import { AuditWriter } from './audit-writer';

export interface AuditQuery {
  action: 'audit.search' | 'audit.verify';
  /** What the query named, for the trail: a case and a person it was narrowed to. */
  caseId?: string | null;
  personIds?: string[];
}

/**
 * A coordinator's query of the audit trail is itself one audit event (design.md §3), written here
 * in the query's transaction, as CaseGate does for case data: the HTTP edge only asks. The route is
 * role-gated to coordinators, so the purpose is oversight.
 */
@Injectable()
export class AuditOversight {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async run<T>(actor: AuditActor, query: AuditQuery, work: () => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const result = await work();
      await this.audit.record(tx, {
        actor,
        action: query.action,
        resourceType: 'audit_log',
        caseId: query.caseId ?? null,
        personIds: query.personIds ?? [],
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return result;
    });
  }
}
