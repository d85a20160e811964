import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, toPage, type Page } from '@oneroof/platform';
import { toAssessment } from './assessment-rows';
import type { Assessment, NewAssessment } from './intake-model';
import * as intakes from './intake-repository';
import { decodeSeqCursor, requireDiscipline } from './record-rows';

/**
 * Safety assessments (design.md §2): social work writes them, the team reads them in full. The
 * instrument's answers are kept as given; the safety verdict is the professional's judgement.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async add(actor: Actor, caseId: string, input: NewAssessment): Promise<Assessment> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'assessment.create', resourceType: 'assessment', need: 'write', requireOpen: true },
      async (tx) => {
        requireDiscipline(actor, 'assessment', 'record assessments');
        const personIds = [...new Set(input.personIds ?? [])];
        await requirePersonsOfCase(tx, caseId, personIds, 'personIds');
        const row = await intakes.insertAssessment(tx, {
          caseId,
          authorId: actor.id,
          authorDiscipline: actor.discipline,
          instrument: input.instrument,
          answers: input.answers ?? {},
          judgement: input.judgement,
          safety: input.safety,
          personIds,
          at: this.clock.now(),
        });
        return { result: toAssessment(row), resourceId: row.id, personIds };
      },
    );
  }

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Assessment>> {
    const after = decodeSeqCursor(cursor, 'assessments');
    return this.gate.run(actor, caseId, { action: 'assessment.list', resourceType: 'assessment', need: 'content' }, async (tx) => {
      const rows = await intakes.listAssessments(tx, caseId, after, limit + 1);
      const page = toPage(rows, limit, toAssessment, (r) => ({ seq: String(r.seq) }), 'assessments');
      return { result: page, personIds: page.items.flatMap((a) => a.personIds) };
    });
  }
}
