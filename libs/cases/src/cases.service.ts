import { Inject, Injectable } from '@nestjs/common';
import { AccessService, CaseGate, openHandoverSql } from '@oneroof/access';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Clock, Db, toPage, updateVersioned, type Page, type Tx, decodeCursor } from '@oneroof/platform';
import type { CaseFile, CaseStatus, CaseSummary, FamilyRole, Involvement, ReportSource, Urgency, ViolenceType } from './case-model';
import { checkReportedAt, distinctTypes } from './report-fields';
import { CASE_COLUMNS, personColumns, seesInterviewCounts, toCaseSummary, toPerson, type CaseRow, type PersonRow } from './case-rows';
import { CasesError } from './cases-errors';
import { recordUrgencyChange } from './change-records';
import { addMembership, TEAM_ARRAY_COLUMNS, teamFromArrays, type TeamArrays } from './membership-repository';

export interface PersonInput {
  firstName: string;
  lastName: string;
  dateOfBirth?: string | null;
  familyRole: FamilyRole;
  involvement: Involvement;
  confidentialAddress?: string | null;
}

export interface OpenCaseInput {
  urgency: Urgency;
  source: ReportSource;
  summary: string;
  /** When the report reached the centre; defaults to the opening (design.md §8). */
  reportedAt?: Date;
  municipalityCode?: string | null;
  violenceTypes?: ViolenceType[];
  persons?: PersonInput[];
}

export interface CaseChanges {
  version: number;
  urgency?: Urgency;
  source?: ReportSource;
  summary?: string;
  reportedAt?: Date;
  /** null clears it. */
  municipalityCode?: string | null;
  violenceTypes?: ViolenceType[];
}

@Injectable()
export class CasesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** Opens a case; the caller becomes its first lead (design.md §2). */
  async open(actor: Actor, input: OpenCaseInput): Promise<CaseFile> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const reportedAt = input.reportedAt ?? now;
      checkReportedAt(reportedAt, now, now);
      const reference = await this.nextReference(tx, now.getUTCFullYear());
      const created = await tx.one<{ id: string }>(
        `INSERT INTO cases (reference, urgency, source, summary, created_by, opened_at, updated_at, reported_at, municipality_code, violence_types)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
        [
          reference,
          input.urgency,
          input.source,
          input.summary,
          actor.id,
          now,
          reportedAt,
          input.municipalityCode ?? null,
          distinctTypes(input.violenceTypes) ?? [],
        ],
      );
      const caseId = created!.id;
      await addMembership(tx, { caseId, userId: actor.id, role: 'lead', at: now, addedBy: actor.id });
      for (const person of input.persons ?? []) await insertPerson(tx, caseId, actor.id, person, now, false);
      const file = await this.loadFile(tx, caseId, { interviewCounts: seesInterviewCounts({ purpose: 'team_member', actor }) });
      await this.audit.record(tx, {
        actor,
        action: 'case.create',
        resourceType: 'case',
        resourceId: caseId,
        caseId,
        personIds: file.persons.map((p) => p.id),
        outcome: 'success',
        purpose: STANDING_PURPOSE.ownPart,
      });
      return file;
    });
  }

  /** `MDC-<year>-<6 digits>`, counted per year; the row lock makes numbers unique and gapless per commit. */
  private async nextReference(tx: Tx, year: number): Promise<string> {
    const row = await tx.one<{ last_number: number }>(
      `INSERT INTO case_reference_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    return `MDC-${year}-${String(row!.last_number).padStart(6, '0')}`;
  }

  async get(actor: Actor, caseId: string): Promise<CaseFile> {
    return this.gate.run(actor, caseId, { action: 'case.read', resourceType: 'case', need: 'header' }, async (tx, access) => {
      const file = await this.loadFile(tx, caseId, { interviewCounts: seesInterviewCounts(access) });
      return { result: file, personIds: file.persons.map((p) => p.id) };
    });
  }

  async update(actor: Actor, caseId: string, changes: CaseChanges): Promise<CaseFile> {
    return this.gate.run(actor, caseId, { action: 'case.update', resourceType: 'case', need: 'write', requireOpen: true }, async (tx) => {
      // Locked, so that the urgency recorded as "from" is the one this update replaces.
      const before = await tx.one<{ urgency: Urgency; opened_at: Date }>(`SELECT urgency, opened_at FROM cases WHERE id = $1 FOR UPDATE`, [
        caseId,
      ]);
      const now = this.clock.now();
      if (changes.reportedAt !== undefined && before) checkReportedAt(changes.reportedAt, before.opened_at, now);
      await updateVersioned(tx, {
        table: 'cases',
        what: 'case',
        id: caseId,
        version: changes.version,
        set: `urgency = COALESCE($3, urgency), source = COALESCE($4, source), summary = COALESCE($5, summary), updated_at = $6,
              reported_at = COALESCE($7, reported_at),
              municipality_code = CASE WHEN $8::boolean THEN $9 ELSE municipality_code END,
              violence_types = COALESCE($10, violence_types)`,
        params: [
          changes.urgency ?? null,
          changes.source ?? null,
          changes.summary ?? null,
          now,
          changes.reportedAt ?? null,
          changes.municipalityCode !== undefined,
          changes.municipalityCode ?? null,
          distinctTypes(changes.violenceTypes) ?? null,
        ],
      });
      if (before && changes.urgency !== undefined) {
        await recordUrgencyChange(tx, { caseId, actorId: actor.id, from: before.urgency, to: changes.urgency, at: now });
      }
      // Writing needs a current membership: the writer reads as a team member.
      const file = await this.loadFile(tx, caseId, { interviewCounts: seesInterviewCounts({ purpose: 'team_member', actor }) });
      // The answer carries every person of the case: NEN 7513 wants them all on record.
      return { result: file, personIds: file.persons.map((p) => p.id) };
    });
  }

  /** Only the lead, always with a reason, never while a handover is open (design.md §2). */
  async close(actor: Actor, caseId: string, reason: string): Promise<CaseFile> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'case.close', resourceType: 'case', need: 'lead', requireOpen: true, lock: true },
      async (tx, access) => {
        const open = await tx.one(`SELECT 1 FROM handovers h WHERE h.case_id = $1 AND ${openHandoverSql('h')}`, [caseId]);
        if (open) throw new CasesError('conflict', 'HANDOVER_OPEN', 'The case cannot be closed while a handover is open.');
        const now = this.clock.now();
        await tx.query(
          `UPDATE cases SET status = 'closed', closed_at = $2, closed_by = $3, close_reason = $4, version = version + 1, updated_at = $2
            WHERE id = $1`,
          [caseId, now, actor.id, reason],
        );
        const file = await this.loadFile(tx, caseId, { interviewCounts: seesInterviewCounts(access) });
        return { result: file, personIds: file.persons.map((p) => p.id) };
      },
    );
  }

  /** The cases the caller may see (coordinators: all), newest first; one audit event for the listing. */
  async list(actor: Actor, filter: { status?: CaseStatus; urgency?: Urgency }, limit: number, cursor?: string): Promise<Page<CaseSummary>> {
    const after = decodeCursor(cursor, 'cases', { openedAt: 'time', id: 'uuid' });
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c
          WHERE ${this.access.visibleCaseIdsSql(actor, 'c.id', '$1::uuid', '$2::timestamptz')}
            AND ($3::text IS NULL OR c.status = $3)
            AND ($4::text IS NULL OR c.urgency = $4)
            AND ($5::timestamptz IS NULL OR (c.opened_at, c.id) < ($5::timestamptz, $6::uuid))
          ORDER BY c.opened_at DESC, c.id DESC LIMIT $7`,
        [actor.id, this.clock.now(), filter.status ?? null, filter.urgency ?? null, after?.openedAt ?? null, after?.id ?? null, limit + 1],
      );
      await this.audit.record(tx, {
        actor,
        action: 'case.list',
        resourceType: 'case',
        outcome: 'success',
        purpose: this.access.listPurpose(actor),
      });
      return toPage(rows, limit, toCaseSummary, (r) => ({ openedAt: r.opened_at.toISOString(), id: r.id }), 'cases');
    });
  }

  async loadFile(tx: Tx, caseId: string, options: { interviewCounts: boolean }): Promise<CaseFile> {
    // Prepared, and the team read with the header: the case file is read on every GET of a case (issue 11).
    const row = await tx.one<CaseRow & TeamArrays>(`SELECT ${CASE_COLUMNS}, ${TEAM_ARRAY_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId], {
      prepare: true,
    });
    if (!row) throw new CasesError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.');
    const persons = await tx.query<PersonRow>(
      `SELECT ${personColumns(options.interviewCounts)} FROM case_persons p WHERE p.case_id = $1 ORDER BY p.created_at, p.id`,
      [caseId],
      { prepare: true },
    );
    return { ...toCaseSummary(row), persons: persons.map(toPerson), team: teamFromArrays(row) };
  }
}

/** `interviewCount`: whether the answer shows the new person's interview count (seesInterviewCounts). */
export async function insertPerson(
  tx: Tx,
  caseId: string,
  actorId: string,
  person: PersonInput,
  now: Date,
  interviewCount: boolean,
): Promise<PersonRow> {
  const row = await tx.one<PersonRow>(
    `INSERT INTO case_persons AS p (case_id, first_name, last_name, date_of_birth, family_role, involvement, confidential_address,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     RETURNING ${personColumns(interviewCount)}`,
    [
      caseId,
      person.firstName,
      person.lastName,
      person.dateOfBirth ?? null,
      person.familyRole,
      person.involvement,
      person.confidentialAddress ?? null,
      actorId,
      now,
    ],
  );
  return row!;
}

/**
 * The case leaves intake for active work (design.md §2: a concluded joint intake), in the caller's
 * transaction: the intake context asks, the case file writes its own row.
 */
export async function activateCase(tx: Tx, caseId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE cases SET status = 'active', version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, at]);
}
