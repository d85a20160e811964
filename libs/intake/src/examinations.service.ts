import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, type Page } from '@oneroof/platform';
import type {
  Consent,
  DisclosureInput,
  Evidence,
  Examination,
  ExaminationConclusion,
  ExaminationContext,
  Finding,
  NewExamination,
} from './intake-model';
import {
  disclosureColumns,
  forAuthorDiscipline,
  recordRestricted,
  requireDiscipline,
  requireNotFuture,
  toDisclosure,
  type DisclosureRow,
} from './record-rows';
import { discloseRestrictedRecord, listRestrictedRecords, type RestrictedRecordKind } from './restricted-records';

/** An examination as the reader (`$2`: discipline) may see it; forensic medicine in full, others its head. */
export const EXAMINATION_COLUMNS = `x.id, x.seq, x.case_id, x.author_id, x.author_discipline, x.created_at,
  ${recordRestricted('x')},
  ${forAuthorDiscipline('x', 'person_id')},
  ${forAuthorDiscipline('x', 'examined_at')},
  ${forAuthorDiscipline('x', 'context')},
  ${forAuthorDiscipline('x', 'consent')},
  ${forAuthorDiscipline('x', 'findings', `'[]'::jsonb`)},
  ${forAuthorDiscipline('x', 'conclusion')},
  ${forAuthorDiscipline('x', 'evidence', `'[]'::jsonb`)},
  ${disclosureColumns('x')}`;

interface ExaminationRow extends DisclosureRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
  restricted: boolean;
  person_id: string | null;
  examined_at: Date | null;
  context: ExaminationContext | null;
  consent: Consent | null;
  findings: Finding[];
  conclusion: ExaminationConclusion | null;
  evidence: Evidence[];
}

const toExamination = (row: ExaminationRow): Examination => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
  restricted: row.restricted,
  personId: row.person_id,
  examinedAt: row.examined_at,
  context: row.context,
  consent: row.consent,
  findings: row.findings,
  conclusion: row.conclusion,
  evidence: row.evidence,
  disclosure: toDisclosure(row),
});

const EXAMINATION_KIND: RestrictedRecordKind<ExaminationRow, Examination> = {
  type: 'examination',
  table: 'intake_examinations',
  alias: 'x',
  columns: EXAMINATION_COLUMNS,
  toRecord: toExamination,
  discloseWhat: 'disclose examinations',
};

/** Forensic medical examinations (design.md §2): forensic medicine only, under medical secrecy. */
@Injectable()
export class ExaminationsService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async add(actor: Actor, caseId: string, input: NewExamination): Promise<Examination> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'examination.create', resourceType: 'examination', need: 'write', requireOpen: true },
      async (tx) => {
        requireDiscipline(actor, 'examination', 'record examinations');
        const now = this.clock.now();
        requireNotFuture(input.examinedAt, now, 'examinedAt');
        await requirePersonsOfCase(tx, caseId, [input.personId], 'personId');
        // Stored in a fixed shape, whatever order or extra whitespace the client sent.
        const findings = (input.findings ?? []).map((f) => ({
          bodyRegion: f.bodyRegion,
          kind: f.kind,
          sizeMm: f.sizeMm ?? null,
          description: f.description,
        }));
        const evidence = (input.evidence ?? []).map((e) => ({ reference: e.reference, sha256: e.sha256.toLowerCase() }));
        const row = await tx.one<ExaminationRow>(
          `INSERT INTO intake_examinations AS x (case_id, author_discipline, person_id, examined_at, context, consent, findings, conclusion, evidence,
           author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10, $11)
         RETURNING ${EXAMINATION_COLUMNS}`,
          [
            caseId,
            actor.discipline,
            input.personId,
            input.examinedAt,
            input.context,
            JSON.stringify({ givenBy: input.consent.givenBy, basis: input.consent.basis }),
            JSON.stringify(findings),
            input.conclusion,
            JSON.stringify(evidence),
            actor.id,
            now,
          ],
        );
        return { result: toExamination(row!), resourceId: row!.id, personIds: [input.personId] };
      },
    );
  }

  list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Examination>> {
    return listRestrictedRecords(this.gate, EXAMINATION_KIND, actor, caseId, limit, cursor);
  }

  disclose(actor: Actor, caseId: string, recordId: string, input: DisclosureInput): Promise<Examination> {
    return discloseRestrictedRecord(this.gate, EXAMINATION_KIND, actor, caseId, recordId, input, () => this.clock.now());
  }
}
