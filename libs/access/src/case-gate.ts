import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, claimedPurpose, type AuditPurpose } from '@oneroof/audit';
import { hasRole, type Actor } from '@oneroof/identity';
import { Db, DomainError, type Tx } from '@oneroof/platform';
import { AccessService, type AlongsideColumns } from './access.service';
import { decideCaseAccess, type CaseNeed } from './case-access';
import { AccessError } from './access-errors';

export interface CaseOperation {
  /** The audit action, e.g. `case.read`, `entry.create`. */
  action: string;
  resourceType: string;
  /** Known up front when the URL names it (a person, an entry); otherwise returned by the work. */
  resourceId?: string;
  need: CaseNeed;
  /** Writes to a closed case are refused with 409. */
  requireOpen?: boolean;
  /** Lock the case row for the transaction (team and lead changes, closing). */
  lock?: boolean;
  /** The caller is the sender or receiver of the resource read (a handover): see CaseAccessFacts. */
  resourceParty?: 'sender' | 'receiver' | null;
  /**
   * Columns of the case the work needs, read in the access statement (AccessService.facts) and
   * handed to the work once access is granted: one round trip fewer for a read (issue 11).
   */
  alongside?: AlongsideColumns;
}

export interface GrantedAccess {
  caseId: string;
  reference: string;
  status: 'intake' | 'active' | 'closed';
  purpose: AuditPurpose;
  teamRole: 'lead' | 'member' | null;
  /** Allowed only as a party to the resource, without access to the case: show none of the case's content. */
  partyOnly: boolean;
  actor: Actor;
}

export interface CaseWork<T> {
  result: T;
  resourceId?: string | null;
  /** Every person whose data the request returned or changed (NEN 7513). */
  personIds?: string[];
}

/** What one request did through the gate, for an edge that wraps the whole request (the Idempotency-Key interceptor). */
interface RequestScope {
  failureAudits: (() => Promise<void>)[];
  caseId: string | null;
  personIds: Set<string>;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

export interface GatedWork {
  /** The case the request's gated work touched (the first, if several), and every person it named. */
  caseId: string | null;
  personIds: string[];
}

/**
 * For an edge that wraps the work in a transaction of its own (the Idempotency-Key interceptor):
 * - the record of a refused or failed attempt is written once that transaction has ended, instead of
 *   on a second connection while the first is still held. Holding one connection while waiting for
 *   another starves the pool under concurrent failing requests (500s on the pool's connect timeout).
 *   The records are written before `fn`'s outcome is passed on, so they precede the answer;
 * - it learns which case and persons the work touched, so that a later replay of the stored answer
 *   can be decided and audited like a read of that case (CaseGate.replay).
 */
export async function runAsGatedRequest<T>(fn: () => Promise<T>): Promise<T> {
  const scope: RequestScope = { failureAudits: [], caseId: null, personIds: new Set() };
  try {
    return await requestScope.run(scope, fn);
  } finally {
    for (const write of scope.failureAudits.splice(0)) await write();
  }
}

/** Inside runAsGatedRequest: what the gated work of this request has touched so far. */
export function gatedWorkSoFar(): GatedWork | undefined {
  const scope = requestScope.getStore();
  return scope ? { caseId: scope.caseId, personIds: [...scope.personIds] } : undefined;
}

/**
 * Every case-scoped operation passes through here: access decided by the one rule, the work done,
 * and exactly one audit event written. On success the event is in the work's transaction, so
 * neither can exist without the other; when the work is refused or fails, the transaction rolls
 * back and the attempt is recorded on its own.
 */
@Injectable()
export class CaseGate {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async run<T>(
    actor: Actor,
    caseId: string,
    operation: CaseOperation,
    work: (tx: Tx, access: GrantedAccess, alongside: Record<string, unknown> | undefined) => Promise<CaseWork<T>>,
  ): Promise<T> {
    let purpose: AuditPurpose = claimedPurpose(hasRole(actor, 'coordinator'));
    // Joining an edge's transaction (the Idempotency-Key interceptor), the audit event is awaited
    // here; in a transaction of the gate's own, its COMMIT is sent right behind it (Tx.atCommit).
    const ownTransaction = !this.db.inTransaction();
    try {
      return await this.db.transaction(
        async (tx) => {
          const loaded = await this.access.facts(tx, actor, caseId, { lock: operation.lock, alongside: operation.alongside });
          const facts = { ...loaded, resourceParty: operation.resourceParty };
          const decision = decideCaseAccess(facts, operation.need);
          purpose = decision.purpose;
          if (!decision.allowed) {
            throw decision.denial === 'not_found'
              ? new AccessError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.')
              : new AccessError('forbidden', 'CASE_ACTION_FORBIDDEN', 'Your role on this case does not allow this.');
          }
          if (operation.requireOpen && facts.status === 'closed') {
            throw new AccessError('conflict', 'CASE_CLOSED', 'The case is closed.');
          }
          const granted: GrantedAccess = {
            caseId,
            reference: facts.reference!,
            status: facts.status!,
            purpose: decision.purpose,
            teamRole: decision.teamRole,
            partyOnly: decision.partyOnly ?? false,
            actor,
          };
          const done = await work(tx, granted, loaded.alongside);
          // Sent now; the work's transaction fails, and nothing is returned, if it cannot be written.
          const audited = this.audit.record(tx, {
            actor,
            action: operation.action,
            resourceType: operation.resourceType,
            resourceId: done.resourceId ?? operation.resourceId ?? (operation.resourceType === 'case' ? caseId : null),
            caseId,
            personIds: done.personIds ?? [],
            outcome: 'success',
            purpose: decision.purpose,
          });
          if (ownTransaction) await tx.atCommit(audited);
          else await audited;
          const scope = requestScope.getStore();
          if (scope) {
            scope.caseId ??= caseId;
            for (const personId of done.personIds ?? []) scope.personIds.add(personId);
          }
          return done.result;
        },
        { pipelined: true },
      );
    } catch (error) {
      const scope = requestScope.getStore();
      const failedPurpose = purpose;
      if (scope && this.db.inTransaction())
        scope.failureAudits.push(() => this.recordFailure(actor, caseId, operation, failedPurpose, error));
      else await this.recordFailure(actor, caseId, operation, purpose, error);
      throw error;
    }
  }

  /**
   * A stored answer handed out again (an Idempotency-Key replay) is a read of its case: decided by the
   * same rule (someone who has lost access since gets the same 404 as anyone else) and audited with
   * the persons the answer names.
   */
  async replay(actor: Actor, caseId: string, personIds: string[]): Promise<void> {
    await this.run(actor, caseId, { action: 'request.replay', resourceType: 'idempotency_key', need: 'header' }, async () => ({
      result: undefined,
      personIds,
    }));
  }

  /** Records a refused or failed attempt in a transaction of its own; the request fails either way. */
  private async recordFailure(
    actor: Actor,
    caseId: string,
    operation: CaseOperation,
    purpose: AuditPurpose,
    error: unknown,
  ): Promise<void> {
    const denied = error instanceof DomainError && (error.kind === 'not_found' || error.kind === 'forbidden');
    try {
      await this.audit.recordAlone({
        actor,
        action: operation.action,
        resourceType: operation.resourceType,
        resourceId: operation.resourceId ?? (operation.resourceType === 'case' ? caseId : null),
        caseId,
        outcome: denied ? 'denied' : 'error',
        purpose,
      });
    } catch {
      // The original error is what the caller must see; the failed audit write fails the request anyway.
    }
  }
}
