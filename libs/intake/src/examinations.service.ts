import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, type Page } from '@oneroof/platform';
import { EXAMINATION_COLUMNS, toExamination, type ExaminationRow } from './examination-rows';
import type { DisclosureInput, Examination, NewExamination } from './intake-model';
import * as intakes from './intake-repository';
import { requireDiscipline, requireNotFuture } from './record-rows';
import { discloseRestrictedRecord, listRestrictedRecords, type RestrictedRecordKind } from './restricted-records';

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
        const row = await intakes.insertExamination(tx, {
          caseId,
          authorDiscipline: actor.discipline,
          personId: input.personId,
          examinedAt: input.examinedAt,
          context: input.context,
          consent: { givenBy: input.consent.givenBy, basis: input.consent.basis },
          findings,
          conclusion: input.conclusion,
          evidence,
          authorId: actor.id,
          at: now,
        });
        return { result: toExamination(row), resourceId: row.id, personIds: [input.personId] };
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
