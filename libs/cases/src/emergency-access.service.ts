import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { AuditWriter, listedCaseIds, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { APP_CONFIG, Clock, Db, toPage, writeOutboxEvents, type AppConfig, type Page, decodeCursor } from '@oneroof/platform';
import type { EmergencyAccessGrant } from './case-model';
import { CasesError } from './cases-errors';
import * as grants from './emergency-access-repository';

export const MIN_EMERGENCY_REASON_LENGTH = 20;

const toGrant = (row: grants.GrantRow): EmergencyAccessGrant => ({
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
        const row = await grants.insertGrant(tx, { caseId, userId: actor.id, reason: reason.trim(), at: now, expiresAt });
        await writeOutboxEvents(tx, [
          {
            type: 'emergency_access.granted',
            caseId,
            payload: { caseReference: access.reference, userId: actor.id, grantId: row.id, expiresAt: expiresAt.toISOString() },
            occurredAt: now,
          },
        ]);
        return { result: toGrant(row), resourceId: row.id };
      },
    );
  }

  /** A coordinator's verdict on one use; once, and never on one's own. */
  async review(actor: Actor, grantId: string, verdict: 'justified' | 'unjustified', note: string): Promise<EmergencyAccessGrant> {
    const caseId = await grants.caseOfGrant(this.db, grantId);
    if (!caseId) throw new CasesError('not_found', 'GRANT_NOT_FOUND', 'The emergency access does not exist.');
    return this.gate.run(
      actor,
      caseId,
      { action: 'emergency_access.review', resourceType: 'emergency_access', resourceId: grantId, need: 'header' },
      async (tx) => {
        const grant = await grants.lockGrant(tx, grantId);
        if (grant!.user_id === actor.id)
          throw new CasesError('forbidden', 'OWN_EMERGENCY_ACCESS', 'Nobody reviews their own emergency access.');
        if (grant!.review_verdict) throw new CasesError('conflict', 'ALREADY_REVIEWED', 'This emergency access has been reviewed already.');
        const row = await grants.recordReview(tx, grantId, { verdict, note, by: actor.id, at: this.clock.now() });
        return { result: toGrant(row) };
      },
    );
  }

  /** For coordinators: the uses still to review (or all), newest first. */
  async list(actor: Actor, filter: { reviewed?: boolean }, limit: number, cursor?: string): Promise<Page<EmergencyAccessGrant>> {
    const after = decodeCursor(cursor, 'emergency-access', { at: 'time', id: 'uuid' });
    return this.db.transaction(async (tx) => {
      const rows = await grants.listGrants(tx, { reviewed: filter.reviewed, after: after ?? null, take: limit + 1 });
      await this.audit.record(tx, {
        actor,
        action: 'emergency_access.list',
        resourceType: 'emergency_access',
        caseIds: listedCaseIds(rows, limit, (r) => r.case_id),
        outcome: 'success',
        purpose: STANDING_PURPOSE.oversight,
      });
      return toPage(rows, limit, toGrant, (r) => ({ at: r.granted_at.toISOString(), id: r.id }), 'emergency-access');
    });
  }
}
