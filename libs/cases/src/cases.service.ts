import { Inject, Injectable } from '@nestjs/common';
import { AccessService, CaseGate } from '@oneroof/access';
import { AuditWriter, listedCaseIds, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Clock, Db, toPage, type Page, type Tx, decodeCursor } from '@oneroof/platform';
import type { CaseFile, CaseStatus, CaseSummary, FamilyRole, Involvement, ReportSource, Urgency, ViolenceType } from './case-model';
import { checkReportedAt, distinctTypes } from './report-fields';
import * as cases from './case-repository';
import { seesInterviewCounts, toCaseSummary, toPerson, type PersonRow } from './case-rows';
import { CasesError } from './cases-errors';
import { recordUrgencyChange } from './change-records';
import { addMembership, teamFromArrays } from './membership-repository';
import { findRereports } from './case-links-repository';

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
      const caseId = await cases.insertCase(tx, {
        reference,
        urgency: input.urgency,
        source: input.source,
        summary: input.summary,
        createdBy: actor.id,
        at: now,
        reportedAt,
        municipalityCode: input.municipalityCode ?? null,
        violenceTypes: distinctTypes(input.violenceTypes) ?? [],
      });
      await addMembership(tx, { caseId, userId: actor.id, role: 'lead', at: now, addedBy: actor.id });
      for (const person of input.persons ?? []) await insertPerson(tx, caseId, actor.id, person, now, false);
      // design.md §8: a re-report is told to the coordinators, never to the team of the new case.
      if (input.persons?.length) await findRereports(tx, caseId, null, now);
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
    return `MDC-${year}-${String(await cases.nextCaseNumber(tx, year)).padStart(6, '0')}`;
  }

  /**
   * The case file is read in the access statement itself (caseFileAlongside), so that a read is two
   * round trips: that statement behind BEGIN, and the audit insert with the COMMIT (issue 11).
   * Interview counts are read for a police reader only, and shown only when the grant lets them be.
   */
  async get(actor: Actor, caseId: string): Promise<CaseFile> {
    const operation = {
      action: 'case.read',
      resourceType: 'case',
      need: 'header' as const,
      alongside: cases.caseFileAlongside(actor.discipline === 'police'),
    };
    return this.gate.run(actor, caseId, operation, async (_tx, access, alongside) => {
      const row = alongside as cases.CaseFileRow | undefined;
      if (!row) throw new CasesError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.');
      const counts = seesInterviewCounts(access);
      const persons = row.persons_json.map((p) => toPerson({ ...p, interview_count: counts ? p.interview_count : null }));
      const file: CaseFile = { ...toCaseSummary(row), persons, team: teamFromArrays(row) };
      return { result: file, personIds: persons.map((p) => p.id) };
    });
  }

  async update(actor: Actor, caseId: string, changes: CaseChanges): Promise<CaseFile> {
    return this.gate.run(actor, caseId, { action: 'case.update', resourceType: 'case', need: 'write', requireOpen: true }, async (tx) => {
      // Locked, so that the urgency recorded as "from" is the one this update replaces.
      const before = await cases.lockCaseForUpdate(tx, caseId);
      const now = this.clock.now();
      if (changes.reportedAt !== undefined && before) checkReportedAt(changes.reportedAt, before.opened_at, now);
      await cases.updateCase(tx, caseId, changes.version, {
        urgency: changes.urgency,
        source: changes.source,
        summary: changes.summary,
        reportedAt: changes.reportedAt,
        municipalityCode: changes.municipalityCode,
        violenceTypes: distinctTypes(changes.violenceTypes) ?? null,
        at: now,
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

  /**
   * Only the lead, always with a reason, never while a handover is open (design.md §2). `afterClose`
   * runs in the closing's transaction, once the case is closed: the follow-ups context plans the
   * aftercare checks there (design.md §8), which the case file itself may not write.
   */
  async close(actor: Actor, caseId: string, reason: string, afterClose?: (tx: Tx, closedAt: Date) => Promise<unknown>): Promise<CaseFile> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'case.close', resourceType: 'case', need: 'lead', requireOpen: true, lock: true },
      async (tx, access) => {
        if (await cases.hasOpenHandover(tx, caseId))
          throw new CasesError('conflict', 'HANDOVER_OPEN', 'The case cannot be closed while a handover is open.');
        const now = this.clock.now();
        await cases.closeCase(tx, caseId, { at: now, by: actor.id, reason });
        if (afterClose) await afterClose(tx, now);
        const file = await this.loadFile(tx, caseId, { interviewCounts: seesInterviewCounts(access) });
        return { result: file, personIds: file.persons.map((p) => p.id) };
      },
    );
  }

  /** The cases the caller may see (coordinators: all), newest first; one audit event for the listing. */
  async list(actor: Actor, filter: { status?: CaseStatus; urgency?: Urgency }, limit: number, cursor?: string): Promise<Page<CaseSummary>> {
    const after = decodeCursor(cursor, 'cases', { openedAt: 'time', id: 'uuid' });
    return this.db.transaction(async (tx) => {
      const rows = await cases.listCases(tx, {
        visible: this.access.visibleCaseIdsSql(actor, 'c.id', '$1::uuid', '$2::timestamptz'),
        readerId: actor.id,
        now: this.clock.now(),
        status: filter.status,
        urgency: filter.urgency,
        after: after ?? null,
        take: limit + 1,
      });
      await this.audit.record(tx, {
        actor,
        action: 'case.list',
        resourceType: 'case',
        caseIds: listedCaseIds(rows, limit, (r) => r.id),
        outcome: 'success',
        purpose: this.access.listPurpose(actor),
      });
      return toPage(rows, limit, toCaseSummary, (r) => ({ openedAt: r.opened_at.toISOString(), id: r.id }), 'cases');
    });
  }

  async loadFile(tx: Tx, caseId: string, options: { interviewCounts: boolean }): Promise<CaseFile> {
    const row = await cases.loadCaseWithTeam(tx, caseId);
    if (!row) throw new CasesError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.');
    const persons = await cases.personsOfCase(tx, caseId, options.interviewCounts);
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
  return cases.insertPerson(
    tx,
    {
      caseId,
      firstName: person.firstName,
      lastName: person.lastName,
      dateOfBirth: person.dateOfBirth ?? null,
      familyRole: person.familyRole,
      involvement: person.involvement,
      confidentialAddress: person.confidentialAddress ?? null,
      createdBy: actorId,
      at: now,
    },
    interviewCount,
  );
}

/**
 * The case leaves intake for active work (design.md §2: a concluded joint intake), in the caller's
 * transaction: the intake context asks, the case file writes its own row.
 */
export async function activateCase(tx: Tx, caseId: string, at: Date): Promise<void> {
  await cases.activate(tx, caseId, at);
}
