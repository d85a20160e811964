import { Inject, Injectable } from '@nestjs/common';
import { hasRole, type Actor } from '@oneroof/identity';
import { claimedPurpose, type AuditPurpose } from '@oneroof/audit';
import { Clock, type Tx } from '@oneroof/platform';
import type { CaseAccessFacts } from './case-access';
import { currentMembershipSql, openHandoverSql } from './standing-sql';

/**
 * Loads access facts with explicit SQL (never an ORM lookup that an undefined id could widen), and
 * gives list queries the same rule as a set: the cases an actor may see.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /**
   * With `lock`, the case row is locked first, in a statement of its own, and the facts are read
   * after it is held. Read in the locking statement itself, they would come from that statement's
   * snapshot, taken before it waited: under read committed, a request that waited for an acceptance
   * to commit would still see the sender as lead (issue 15 finding 1). Each later statement sees
   * everything committed before the lock was granted.
   */
  async facts(tx: Tx, actor: Actor, caseId: string, options: { lock?: boolean } = {}): Promise<CaseAccessFacts> {
    if (options.lock) await tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE`, [caseId]);
    const row = await tx.one<{
      status: CaseAccessFacts['status'];
      reference: string;
      team_role: 'lead' | 'member' | null;
      receiver: boolean;
      emergency_until: Date | null;
    }>(
      `SELECT c.status, c.reference,
              (SELECT m.role FROM case_memberships m WHERE m.case_id = c.id AND m.user_id = $2 AND ${currentMembershipSql('m')}) AS team_role,
              EXISTS (SELECT 1 FROM handovers h WHERE h.case_id = c.id AND h.to_user_id = $2
                        AND ${openHandoverSql('h')}) AS receiver,
              (SELECT max(g.expires_at) FROM emergency_access_grants g
                WHERE g.case_id = c.id AND g.user_id = $2 AND g.expires_at > $3) AS emergency_until
         FROM cases c WHERE c.id = $1`,
      [caseId, actor.id, this.clock.now()],
      { prepare: true },
    );
    return {
      exists: row !== undefined,
      status: row?.status ?? null,
      reference: row?.reference ?? null,
      teamRole: row?.team_role ?? null,
      openHandoverReceiver: row?.receiver ?? false,
      emergencyAccessUntil: row?.emergency_until ?? null,
      coordinator: hasRole(actor, 'coordinator'),
    };
  }

  /**
   * The list rule of §3 as a condition on `caseColumn`, for list queries: a coordinator sees every
   * case (oversight), anyone else the cases they are on the team of, receive an open handover of, or
   * hold unexpired emergency access to. `actorParam` and `nowParam` are the placeholders of the
   * actor's id and the current time (cast, e.g. `$2::uuid`). The caller does not decide who is a coordinator: this does.
   */
  visibleCaseIdsSql(actor: Actor, caseColumn: string, actorParam: string, nowParam: string): string {
    // A constant TRUE for coordinators, which Postgres folds away; the placeholders stay referenced (typed).
    return `(${hasRole(actor, 'coordinator') ? 'TRUE' : 'FALSE'} OR ${caseColumn} IN (SELECT m.case_id FROM case_memberships m WHERE m.user_id = ${actorParam} AND ${currentMembershipSql('m')}
             UNION SELECT h.case_id FROM handovers h WHERE h.to_user_id = ${actorParam} AND ${openHandoverSql('h')}
             UNION SELECT g.case_id FROM emergency_access_grants g WHERE g.user_id = ${actorParam} AND g.expires_at > ${nowParam}))`;
  }

  /** Why a list filtered by visibleCaseIdsSql is read, as the audit trail records it. */
  listPurpose(actor: Actor): AuditPurpose {
    return claimedPurpose(hasRole(actor, 'coordinator'));
  }
}
