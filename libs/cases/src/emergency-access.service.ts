import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { APP_CONFIG, Clock, Db, toPage, writeOutboxEvents, type AppConfig, type Page, decodeCursor } from '@oneroof/platform';
import type { EmergencyAccessGrant } from './case-model';
import { CasesError } from './cases-errors';

export const MIN_EMERGENCY_REASON_LENGTH = 20;

interface GrantRow {
  id: string;
  case_id: string;
  user_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  review_verdict: 'justified' | 'unjustified' | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

const GRANT_COLUMNS = 'id, case_id, user_id, reason, granted_at, expires_at, review_verdict, review_note, reviewed_by, reviewed_at';

const toGrant = (row: GrantRow): EmergencyAccessGrant => ({
  id: row.id,
  caseId: row.case_id,
  userId: row.user_id,
  reason: row.reason,
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
  review:
    row.review_verdict && row.reviewed_by && row.reviewed_at
      ? { verdict: row.review_verdict, note: row.review_note ?? '', reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at }
      : null,
});

/**
 * Break the glass (noodknop, design.md §2): a professional not on the team opens a case with a
 * written reason for a limited time, read-only at team level; coordinators hear of it at once and
 * review every use.
 */
@Injectable()
export class EmergencyAccessService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async grant(actor: Actor, caseId: string, reason: string): Promise<EmergencyAccessGrant> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'emergency_access.grant', resourceType: 'emergency_access', need: 'break_glass' },
      async (tx, access) => {
        if (access.teamRole !== null) throw new CasesError('conflict', 'ALREADY_ON_TEAM', 'You are on the team of this case already.');
        if (reason.trim().length < MIN_EMERGENCY_REASON_LENGTH) {
          throw new CasesError('rule', 'REASON_TOO_SHORT', `The reason needs at least ${MIN_EMERGENCY_REASON_LENGTH} characters.`, {
            errors: [{ field: 'reason', message: `reason must be at least ${MIN_EMERGENCY_REASON_LENGTH} characters` }],
          });
        }
        const now = this.clock.now();
        const expiresAt = new Date(now.getTime() + this.config.emergencyAccessMinutes * 60_000);
        const row = await tx.one<GrantRow>(
          `INSERT INTO emergency_access_grants (case_id, user_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${GRANT_COLUMNS}`,
          [caseId, actor.id, reason.trim(), now, expiresAt],
        );
        await writeOutboxEvents(tx, [
          {
            type: 'emergency_access.granted',
            caseId,
            payload: { caseReference: access.reference, userId: actor.id, grantId: row!.id, expiresAt: expiresAt.toISOString() },
            occurredAt: now,
          },
        ]);
        return { result: toGrant(row!), resourceId: row!.id };
      },
    );
  }

  /** A coordinator's verdict on one use; once, and never on one's own. */
  async review(actor: Actor, grantId: string, verdict: 'justified' | 'unjustified', note: string): Promise<EmergencyAccessGrant> {
    const found = await this.db.query<{ case_id: string }>(`SELECT case_id FROM emergency_access_grants WHERE id = $1`, [grantId]);
    if (found.length === 0) throw new CasesError('not_found', 'GRANT_NOT_FOUND', 'The emergency access does not exist.');
    return this.gate.run(
      actor,
      found[0].case_id,
      { action: 'emergency_access.review', resourceType: 'emergency_access', resourceId: grantId, need: 'header' },
      async (tx) => {
        const grant = await tx.one<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM emergency_access_grants WHERE id = $1 FOR UPDATE`, [grantId]);
        if (grant!.user_id === actor.id)
          throw new CasesError('forbidden', 'OWN_EMERGENCY_ACCESS', 'Nobody reviews their own emergency access.');
        if (grant!.review_verdict) throw new CasesError('conflict', 'ALREADY_REVIEWED', 'This emergency access has been reviewed already.');
        const row = await tx.one<GrantRow>(
          `UPDATE emergency_access_grants SET review_verdict = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5
            WHERE id = $1 RETURNING ${GRANT_COLUMNS}`,
          [grantId, verdict, note, actor.id, this.clock.now()],
        );
        return { result: toGrant(row!) };
      },
    );
  }

  /** For coordinators: the uses still to review (or all), newest first. */
  async list(actor: Actor, filter: { reviewed?: boolean }, limit: number, cursor?: string): Promise<Page<EmergencyAccessGrant>> {
    const after = decodeCursor(cursor, 'emergency-access', { at: 'time', id: 'uuid' });
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<GrantRow>(
        `SELECT ${GRANT_COLUMNS} FROM emergency_access_grants
          WHERE ($1::boolean IS NULL OR (review_verdict IS NOT NULL) = $1)
            AND ($2::timestamptz IS NULL OR (granted_at, id) < ($2::timestamptz, $3::uuid))
          ORDER BY granted_at DESC, id DESC LIMIT $4`,
        [filter.reviewed ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
      );
      await this.audit.record(tx, {
        actor,
        action: 'emergency_access.list',
        resourceType: 'emergency_access',
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return toPage(rows, limit, toGrant, (r) => ({ at: r.granted_at.toISOString(), id: r.id }), 'emergency-access');
    });
  }
}
