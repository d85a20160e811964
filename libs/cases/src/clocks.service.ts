import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, type Tx } from '@oneroof/platform';
import { CasesError } from './cases-errors';

/** design.md §8: the six clocks of a case, in the order of the table there. */
export const CLOCK_NAMES = [
  'intake_scheduled',
  'child_interviewed',
  'child_examined',
  'intake_concluded',
  'first_conference',
  'handover_accepted',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export type ClockState = 'running' | 'met' | 'breached';

export interface CaseClock {
  clock: ClockName;
  personId: string | null;
  handoverId: string | null;
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
  state: ClockState;
  explanation: { reason: string; explainedBy: string; explainedAt: Date } | null;
}

/** met or breached is decided when a clock stops; a running clock past dueAt is breached (design.md §8). */
export function clockState(stoppedAt: Date | null, dueAt: Date, now: Date): ClockState {
  if (stoppedAt) return stoppedAt.getTime() <= dueAt.getTime() ? 'met' : 'breached';
  return now.getTime() > dueAt.getTime() ? 'breached' : 'running';
}

interface ClockRow {
  clock: ClockName;
  person_id: string | null;
  handover_id: string | null;
  started_at: Date;
  due_at: Date;
  stopped_at: Date | null;
  reason: string | null;
  explained_by: string | null;
  explained_at: Date | null;
}

export interface ClockExplanationInput {
  clock: string;
  personId?: string;
  handoverId?: string;
  reason: string;
}

/**
 * Reads the clocks that case_clocks() derives in SQL from the case itself (migrations 1764000900200,
 * 1765000700000),
 * with the latest explanation of each. Nothing here stores a clock: timers follow by trigger.
 */
@Injectable()
export class ClocksService {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
  ) {}

  async list(actor: Actor, caseId: string): Promise<CaseClock[]> {
    return this.gate.run(actor, caseId, { action: 'case.clocks.read', resourceType: 'case', need: 'header' }, async (tx) => {
      const clocks = await this.load(tx, caseId);
      return { result: clocks, resourceId: caseId, personIds: [...new Set(clocks.flatMap((c) => (c.personId ? [c.personId] : [])))] };
    });
  }

  /** Only the lead explains (design.md §8); a clock that did not breach needs no explanation (422). */
  async explain(actor: Actor, caseId: string, input: ClockExplanationInput): Promise<CaseClock> {
    return this.gate.run(actor, caseId, { action: 'case.clocks.explain', resourceType: 'case_clock', need: 'lead' }, async (tx) => {
      const clocks = await this.load(tx, caseId);
      const target = clocks.find(
        (c) => c.clock === input.clock && c.personId === (input.personId ?? null) && c.handoverId === (input.handoverId ?? null),
      );
      if (!target) {
        throw new CasesError('rule', 'NO_SUCH_CLOCK', 'The case runs no such clock.', {
          errors: [{ field: 'clock', message: 'the case runs no such clock (check clock, personId and handoverId)' }],
        });
      }
      if (target.state !== 'breached') {
        throw new CasesError('rule', 'CLOCK_NOT_BREACHED', 'Only a breached clock is explained.', {
          errors: [{ field: 'clock', message: `the clock is ${target.state}, not breached` }],
        });
      }
      const row = await tx.one<{ id: string }>(
        `INSERT INTO case_clock_explanations (case_id, clock, person_id, handover_id, reason, explained_by, explained_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [caseId, target.clock, target.personId, target.handoverId, input.reason, actor.id, this.clock.now()],
      );
      const after = (await this.load(tx, caseId)).find(
        (c) => c.clock === target.clock && c.personId === target.personId && c.handoverId === target.handoverId,
      )!;
      return { result: after, resourceId: row!.id, personIds: target.personId ? [target.personId] : [] };
    });
  }

  private async load(tx: Tx, caseId: string): Promise<CaseClock[]> {
    const now = this.clock.now();
    const rows = await tx.query<ClockRow>(
      `SELECT k.clock, k.person_id, k.handover_id, k.started_at, k.due_at, k.stopped_at, x.reason, x.explained_by, x.explained_at
         FROM case_clocks($1) k
         LEFT JOIN LATERAL (
           SELECT e.reason, e.explained_by, e.explained_at FROM case_clock_explanations e
            WHERE e.case_id = $1 AND e.clock = k.clock AND e.person_id IS NOT DISTINCT FROM k.person_id
              AND e.handover_id IS NOT DISTINCT FROM k.handover_id
            ORDER BY e.explained_at DESC, e.id DESC LIMIT 1) x ON true
        ORDER BY k.started_at, array_position($2::text[], k.clock), k.person_id, k.handover_id`,
      [caseId, CLOCK_NAMES],
    );
    return rows.map((r) => ({
      clock: r.clock,
      personId: r.person_id,
      handoverId: r.handover_id,
      startedAt: r.started_at,
      dueAt: r.due_at,
      stoppedAt: r.stopped_at,
      state: clockState(r.stopped_at, r.due_at, now),
      explanation: r.reason ? { reason: r.reason, explainedBy: r.explained_by!, explainedAt: r.explained_at! } : null,
    }));
  }
}
