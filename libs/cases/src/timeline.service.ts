import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, disciplineMask, fullViewDiscipline } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { toPage, type Page, decodeCursor } from '@oneroof/platform';
import type { TimelineItem } from './case-model';

interface TimelineRow {
  at: Date;
  cursor_at: string;
  sort_key: string;
  kind: string;
  actor_id: string | null;
  subject_id: string;
  restricted_discipline: string | null;
  restricted: boolean;
  detail: Record<string, unknown> | null;
  person_ids: string[];
  disclosure: Record<string, unknown> | null;
}

const mask = disciplineMask('t.restricted_discipline', '$2');

/** Everything that happened in a case, newest first, masked in SQL for the reader's discipline. */
@Injectable()
export class TimelineService {
  constructor(@Inject(CaseGate) private readonly gate: CaseGate) {}

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<TimelineItem>> {
    const after = decodeCursor(cursor, 'timeline', { at: 'time', key: 'text' });
    return this.gate.run(actor, caseId, { action: 'timeline.read', resourceType: 'case', need: 'content' }, async (tx, access) => {
      const rows = await tx.query<TimelineRow>(
        `SELECT t.at, to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at, t.sort_key, t.kind, t.actor_id, t.subject_id, t.restricted_discipline, t.disclosure,
                ${mask.restricted()}, ${mask.column('t.detail', 'detail')}, ${mask.column('t.person_ids', 'person_ids', `'{}'::uuid[]`)}
           FROM case_timeline t
          WHERE t.case_id = $1 AND ($3::timestamptz IS NULL OR (t.at, t.sort_key) < ($3::timestamptz, $4::text))
          ORDER BY t.at DESC, t.sort_key DESC LIMIT $5`,
        [caseId, fullViewDiscipline(access), after?.at ?? null, after?.key ?? null, limit + 1],
      );
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
