import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, type Tx } from '@oneroof/platform';
import { CasesError } from './cases-errors';
import { clocksOf, insertClockExplanation } from './clocks-repository';

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

export interface ClockExplanationInput {
  clock: string;
  personId?: string;
  handoverId?: string;
  reason: string;
}

/**
 * The use cases of the clocks (read them, explain a breach) under the case's access rule; their SQL
 * is in clocks-repository.ts. Nothing here stores a clock: they are derived from the case.
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
      const explanationId = await insertClockExplanation(tx, {
        caseId,
        clock: target.clock,
        personId: target.personId,
        handoverId: target.handoverId,
        reason: input.reason,
        explainedBy: actor.id,
        at: this.clock.now(),
      });
      const after = (await this.load(tx, caseId)).find(
        (c) => c.clock === target.clock && c.personId === target.personId && c.handoverId === target.handoverId,
      )!;
      return { result: after, resourceId: explanationId, personIds: target.personId ? [target.personId] : [] };
    });
  }

  private async load(tx: Tx, caseId: string): Promise<CaseClock[]> {
    const now = this.clock.now();
    const rows = await clocksOf(tx, caseId, CLOCK_NAMES);
    return rows.map((r) => ({
      clock: r.clock as ClockName,
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
