import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, disciplineMask, fullViewDiscipline, openHandoverSql } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, Db, DomainError } from '@oneroof/platform';
import { conferenceNotFound } from './conferences.service';

/** Where an agenda item comes from (design.md §7; `clock`: the clocks of §8). */
export const AGENDA_SOURCES = ['intake', 'follow_up', 'handover', 'safety_plan', 'record', 'clock'] as const;
export type AgendaSource = (typeof AGENDA_SOURCES)[number];

export interface AgendaItem {
  source: AgendaSource;
  /** What about the source puts it on the agenda, e.g. `contribution_missing`, `overdue`, `agreement_broken`. */
  reason: string;
  at: Date | null;
  subjectId: string;
  /** A discipline's record the reader may not read: only its existence, author, date and disclosure. */
  restricted: boolean;
  restrictedTo: string | null;
  detail: Record<string, unknown> | null;
  disclosure: Record<string, unknown> | null;
}

interface AgendaRow {
  source: AgendaSource;
  reason: string;
  at: Date | null;
  subject_id: string;
  restricted_discipline: string | null;
  restricted: boolean;
  detail: Record<string, unknown> | null;
  disclosure: Record<string, unknown> | null;
  person_ids: string[];
}

const disclosureOf = (t: string) => `CASE WHEN ${t}.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', ${t}.disclosure_summary,
  'legalBasis', ${t}.disclosure_legal_basis, 'note', ${t}.disclosure_note, 'disclosedAt', ${t}.disclosed_at, 'disclosedBy', ${t}.disclosed_by) END`;

/** §3's masking of restricted records, the one helper every reader of case content uses; $3 is fullViewDiscipline(access). */
const mask = disciplineMask('t.restricted_discipline', '$3');

/**
 * The agenda of one conference, built from its case in one statement (one branch per source, no
 * query per item), newest facts first. The review horizon is the conference's own nextReviewAt once
 * held, else the case's last held conference's, else the conference's scheduled time. Interviews and
 * examinations since the last held conference are listed as the timeline lists them: in full for
 * their discipline, as existence, author, date and disclosure for the rest ($3, the discipline the reader sees in full).
 *
 * Clocks (design.md §8, the case_clock_rows view of migrations 1764000900200 and 1765000700000): each
 * clock that still runs past its dueAt ($4, now) is an item `clock`/`breached` at its dueAt, whose
 * subject is its handover, else its child, else the case (detail.clock tells two clocks of one
 * subject apart). A clock that stopped, in time or late, is settled and not on the agenda: a late
 * one is the lead's to explain. Clocks carry no discipline's content (the team reads them whole on
 * the case, §8), so they are never restricted; the child they run for is named in the audit event.
 */
const AGENDA_SQL = `
  WITH conf AS (
    SELECT cf.id, cf.case_id, cf.scheduled_at, cf.held_at, cf.next_review_at FROM case_conferences cf WHERE cf.id = $1 AND cf.case_id = $2
  ), previous AS (
    SELECT p.held_at, p.next_review_at FROM case_conferences p, conf
     WHERE p.case_id = conf.case_id AND p.status = 'held' AND p.id <> conf.id AND p.held_at <= COALESCE(conf.held_at, 'infinity'::timestamptz)
     ORDER BY p.held_at DESC LIMIT 1
  ), horizon AS (
    SELECT COALESCE(conf.next_review_at, (SELECT next_review_at FROM previous), conf.scheduled_at) AS until,
           (SELECT held_at FROM previous) AS since
      FROM conf
  ), items AS (
    SELECT 'intake' AS source, 'contribution_missing' AS reason, k.scheduled_at AS at, k.id AS subject_id,
           NULL::text AS restricted_discipline, jsonb_build_object('discipline', d.discipline) AS detail, NULL::jsonb AS disclosure,
           '{}'::uuid[] AS person_ids
      FROM intakes k JOIN conf ON conf.case_id = k.case_id
     CROSS JOIN LATERAL (VALUES
       ('police', EXISTS (SELECT 1 FROM intake_interviews i WHERE i.case_id = k.case_id)),
       ('forensic_medicine', EXISTS (SELECT 1 FROM intake_examinations x WHERE x.case_id = k.case_id)),
       ('social_work', EXISTS (SELECT 1 FROM intake_assessments a WHERE a.case_id = k.case_id))) AS d(discipline, present)
     WHERE k.status = 'planned' AND NOT d.present
    UNION ALL
    SELECT 'follow_up', CASE WHEN f.scheduled_at < $4 THEN 'overdue' ELSE 'due_before_review' END, f.scheduled_at, f.id, NULL,
           jsonb_build_object('kind', f.kind, 'title', f.title, 'assigneeId', f.assignee_id, 'scheduledAt', f.scheduled_at, 'origin', f.origin),
           NULL, f.person_ids
      FROM follow_ups f JOIN conf ON conf.case_id = f.case_id, horizon
     WHERE f.status = 'planned' AND (f.scheduled_at < $4 OR f.scheduled_at <= horizon.until)
    UNION ALL
    SELECT 'handover', 'open', h.respond_by, h.id, NULL,
           jsonb_build_object('fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'status', h.status, 'respondBy', h.respond_by),
           NULL, '{}'::uuid[]
      FROM handovers h JOIN conf ON conf.case_id = h.case_id
     WHERE ${openHandoverSql('h')}
    UNION ALL
    SELECT 'safety_plan', CASE WHEN a.status = 'broken' THEN 'agreement_broken' ELSE 'check_due' END,
           CASE WHEN a.status = 'broken' THEN a.broken_since ELSE a.next_check_at END, a.id, NULL,
           jsonb_build_object('planId', a.plan_id, 'text', a.text, 'responsibleUserId', a.responsible_user_id, 'status', a.status,
             'nextCheckAt', a.next_check_at),
           NULL, a.person_ids
      FROM safety_plan_agreements a JOIN conf ON conf.case_id = a.case_id, horizon
     WHERE a.status = 'broken' OR (a.status = 'holds' AND a.next_check_at <= horizon.until)
    UNION ALL
    SELECT 'clock', 'breached', k.due_at, COALESCE(k.handover_id, k.person_id, k.case_id), NULL,
           jsonb_build_object('clock', k.clock, 'personId', k.person_id, 'handoverId', k.handover_id, 'startedAt', k.started_at,
             'dueAt', k.due_at),
           NULL, array_remove(ARRAY[k.person_id], NULL)
      FROM conf JOIN case_clock_rows k ON k.case_id = conf.case_id
     WHERE k.stopped_at IS NULL AND k.due_at < $4
    UNION ALL
    SELECT 'record', 'interview.recorded', i.created_at, i.id, i.author_discipline,
           jsonb_build_object('authorId', i.author_id, 'personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'summary', i.summary),
           ${disclosureOf('i')}, array_remove(ARRAY[i.person_id], NULL)
      FROM intake_interviews i JOIN conf ON conf.case_id = i.case_id, horizon
     WHERE horizon.since IS NULL OR i.created_at > horizon.since
    UNION ALL
    SELECT 'record', 'examination.recorded', x.created_at, x.id, x.author_discipline,
           jsonb_build_object('authorId', x.author_id, 'personId', x.person_id, 'examinedAt', x.examined_at, 'conclusion', x.conclusion,
             'findings', x.findings),
           ${disclosureOf('x')}, array_remove(ARRAY[x.person_id], NULL)
      FROM intake_examinations x JOIN conf ON conf.case_id = x.case_id, horizon
     WHERE horizon.since IS NULL OR x.created_at > horizon.since
  )
  SELECT t.source, t.reason, t.at, t.subject_id, t.restricted_discipline, t.disclosure,
         ${mask.restricted()},
         ${mask.column('t.detail', 'detail', "jsonb_build_object('authorId', t.detail -> 'authorId')")},
         ${mask.column('t.person_ids', 'person_ids', "'{}'::uuid[]")}
    FROM items t
   ORDER BY t.at DESC NULLS LAST, t.source, t.subject_id, t.detail ->> 'clock'`;

@Injectable()
export class AgendaService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
  ) {}

  /** Team (design.md §7): the agenda draws on the case's content, so oversight alone does not read it (403). */
  async agenda(actor: Actor, conferenceId: string): Promise<{ conferenceId: string; items: AgendaItem[] }> {
    const [owner] = await this.db.query<{ case_id: string }>(`SELECT case_id FROM case_conferences WHERE id = $1`, [conferenceId]);
    if (!owner) throw conferenceNotFound();
    try {
      return await this.gate.run(
        actor,
        owner.case_id,
        { action: 'conference.agenda', resourceType: 'conference', resourceId: conferenceId, need: 'content' },
        async (tx, access) => {
          // The discipline this reader sees in full (never simply the actor's own: emergency access sees none).
          const rows = await tx.query<AgendaRow>(AGENDA_SQL, [conferenceId, owner.case_id, fullViewDiscipline(access), this.clock.now()]);
          return {
            result: {
              conferenceId,
              items: rows.map((r) => ({
                source: r.source,
                reason: r.reason,
                at: r.at,
                subjectId: r.subject_id,
                restricted: r.restricted,
                restrictedTo: r.restricted_discipline,
                detail: r.detail,
                disclosure: r.disclosure,
              })),
            },
            personIds: [...new Set(rows.flatMap((r) => r.person_ids))],
          };
        },
      );
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') throw conferenceNotFound();
      throw error;
    }
  }
}
