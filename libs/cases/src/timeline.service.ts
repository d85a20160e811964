import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, fullViewDiscipline } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { toPage, type Page, decodeCursor } from '@oneroof/platform';
import type { TimelineItem } from './case-model';
import { listTimeline } from './timeline-repository';

/** Everything that happened in a case, newest first, masked in SQL for the reader's discipline. */
@Injectable()
export class TimelineService {
  constructor(@Inject(CaseGate) private readonly gate: CaseGate) {}

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<TimelineItem>> {
    const after = decodeCursor(cursor, 'timeline', { at: 'time', key: 'text' });
    return this.gate.run(actor, caseId, { action: 'timeline.read', resourceType: 'case', need: 'content' }, async (tx, access) => {
      const rows = await listTimeline(tx, { caseId, readerDiscipline: fullViewDiscipline(access), after: after ?? null, take: limit + 1 });
      const page = toPage(
        rows,
        limit,
        (r): TimelineItem => ({
          at: r.at,
          kind: r.kind,
          actorId: r.actor_id,
          subjectId: r.subject_id,
          restricted: r.restricted,
          restrictedTo: r.restricted_discipline,
          detail: r.detail,
          disclosure: r.disclosure,
        }),
        // Microseconds, not the millisecond Date: a row a few microseconds later must not fall between pages.
        (r) => ({ at: r.cursor_at, key: r.sort_key }),
        'timeline',
      );
      return { result: page, personIds: rows.slice(0, limit).flatMap((r) => r.person_ids) };
    });
  }
}
