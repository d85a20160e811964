import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, toPage, type Page } from '@oneroof/platform';
import type { Assessment, AssessmentInstrument, NewAssessment, Safety } from './intake-model';
import { decodeSeqCursor, requireDiscipline } from './record-rows';

const ASSESSMENT_COLUMNS = `a.id, a.seq, a.case_id, a.author_id, a.author_discipline, a.created_at, a.instrument, a.answers, a.judgement, a.safety, a.person_ids`;

interface AssessmentRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
  instrument: AssessmentInstrument;
  answers: Record<string, unknown>;
  judgement: string;
  safety: Safety;
  person_ids: string[];
}

const toAssessment = (row: AssessmentRow): Assessment => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
  instrument: row.instrument,
  answers: row.answers,
  judgement: row.judgement,
  safety: row.safety,
  personIds: row.person_ids,
});

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
        const row = await tx.one<AssessmentRow>(
          `INSERT INTO intake_assessments AS a (case_id, author_id, author_discipline, instrument, answers, judgement, safety, person_ids, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
         RETURNING ${ASSESSMENT_COLUMNS}`,
          [
            caseId,
            actor.id,
            actor.discipline,
            input.instrument,
            JSON.stringify(input.answers ?? {}),
            input.judgement,
            input.safety,
            personIds,
            this.clock.now(),
          ],
        );
        return { result: toAssessment(row!), resourceId: row!.id, personIds };
      },
    );
  }

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Assessment>> {
    const after = decodeSeqCursor(cursor, 'assessments');
    return this.gate.run(actor, caseId, { action: 'assessment.list', resourceType: 'assessment', need: 'content' }, async (tx) => {
      const rows = await tx.query<AssessmentRow>(
        `SELECT ${ASSESSMENT_COLUMNS} FROM intake_assessments a
          WHERE a.case_id = $1 AND ($2::bigint IS NULL OR a.seq < $2::bigint)
          ORDER BY a.seq DESC LIMIT $3`,
        [caseId, after, limit + 1],
      );
      const page = toPage(rows, limit, toAssessment, (r) => ({ seq: String(r.seq) }), 'assessments');
      return { result: page, personIds: page.items.flatMap((a) => a.personIds) };
    });
  }
}
