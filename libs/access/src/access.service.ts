import { Inject, Injectable } from '@nestjs/common';
import { hasRole, type Actor } from '@oneroof/identity';
import { claimedPurpose, type AuditPurpose } from '@oneroof/audit';
import { Clock, type Tx } from '@oneroof/platform';
import type { CaseAccessFacts } from './case-access';
import { currentMembershipSql, openHandoverSql } from './standing-sql';

/**
 * Columns an operation reads in the access statement itself: SQL over `c` (the case row) and the
 * statement's own placeholders `$1` (the case id), `$2` (the actor's id), `$3` (now); its own
 * parameters follow from `$4`. Fixed text (the statement is prepared), never built from input.
 */
export interface AlongsideColumns {
  columns: string;
  params?: unknown[];
}

/** The facts, and the row of `alongside` columns when there were any and the case exists. */
export type LoadedFacts = CaseAccessFacts & { alongside?: Record<string, unknown> };

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
   *
   * With `alongside`, the access statement also reads the operation's own columns of the case (the
   * case file of a read), in the same snapshot and round trip: they are handed to the work only once
   * access is granted (CaseGate), never otherwise.
   */
  async facts(tx: Tx, actor: Actor, caseId: string, options: { lock?: boolean; alongside?: AlongsideColumns } = {}): Promise<LoadedFacts> {
    if (options.lock) await tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE`, [caseId]);
    const alongside = options.alongside;
    const row = await tx.one<
      {
        access_status: CaseAccessFacts['status'];
        access_reference: string;
        access_team_role: 'lead' | 'member' | null;
        access_receiver: boolean;
        access_emergency_until: Date | null;
      } & Record<string, unknown>
    >(
      `SELECT c.status AS access_status, c.reference AS access_reference,
              (SELECT m.role FROM case_memberships m WHERE m.case_id = c.id AND m.user_id = $2 AND ${currentMembershipSql('m')}) AS access_team_role,
              EXISTS (SELECT 1 FROM handovers h WHERE h.case_id = c.id AND h.to_user_id = $2
                        AND ${openHandoverSql('h')}) AS access_receiver,
              (SELECT max(g.expires_at) FROM emergency_access_grants g
                WHERE g.case_id = c.id AND g.user_id = $2 AND g.expires_at > $3) AS access_emergency_until${
                  alongside
                    ? `,
              ${alongside.columns}`
                    : ''
                }
         FROM cases c WHERE c.id = $1`,
      [caseId, actor.id, this.clock.now(), ...(alongside?.params ?? [])],
      { prepare: true },
    );
    return {
      exists: row !== undefined,
      status: row?.access_status ?? null,
      reference: row?.access_reference ?? null,
      teamRole: row?.access_team_role ?? null,
      openHandoverReceiver: row?.access_receiver ?? false,
      emergencyAccessUntil: row?.access_emergency_until ?? null,
      coordinator: hasRole(actor, 'coordinator'),
      alongside: alongside ? row : undefined,
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
