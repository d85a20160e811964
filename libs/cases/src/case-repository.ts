import { openHandoverSql, type AlongsideColumns } from '@oneroof/access';
import { updateVersioned, type Db, type Tx } from '@oneroof/platform';
import type { CaseStatus, ReportSource, Urgency, ViolenceType } from './case-model';
import { CASE_COLUMNS, personColumns, type CaseRow, type PersonRow } from './case-rows';
import { TEAM_ARRAY_COLUMNS, type TeamArrays } from './membership-repository';

/**
 * cases, case_reference_counters and case_persons, and every statement on them: the services keep
 * the use cases (who may, what must hold, the audit), this file the SQL. Nothing else writes these
 * tables (test/table-ownership.e2e-spec.ts); the intake context activates a case through
 * activateCase (index.ts).
 */

type After<T> = T | null;

export interface NewCaseRow {
  reference: string;
  urgency: Urgency;
  source: ReportSource;
  summary: string;
  createdBy: string;
  at: Date;
  reportedAt: Date;
  municipalityCode: string | null;
  violenceTypes: ViolenceType[];
}

/** The new case's id. */
export async function insertCase(tx: Tx, c: NewCaseRow): Promise<string> {
  const created = await tx.one<{ id: string }>(
    `INSERT INTO cases (reference, urgency, source, summary, created_by, opened_at, updated_at, reported_at, municipality_code, violence_types)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
    [c.reference, c.urgency, c.source, c.summary, c.createdBy, c.at, c.reportedAt, c.municipalityCode, c.violenceTypes],
  );
  return created!.id;
}

/** The year's next case number; the counter's row lock makes numbers unique and gapless per commit. */
export async function nextCaseNumber(tx: Tx, year: number): Promise<number> {
  const row = await tx.one<{ last_number: number }>(
    `INSERT INTO case_reference_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
       RETURNING last_number`,
    [year],
  );
  return row!.last_number;
}

/** What an update must know of the case before it writes, locked so that nobody changes it in between. */
export async function lockCaseForUpdate(tx: Tx, caseId: string): Promise<{ urgency: Urgency; opened_at: Date } | undefined> {
  return tx.one<{ urgency: Urgency; opened_at: Date }>(`SELECT urgency, opened_at FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
}

/** Fields left undefined keep their value; `municipalityCode: null` clears it. 409 on a stale version (updateVersioned). */
export async function updateCase(
  tx: Tx,
  caseId: string,
  version: number,
  c: {
    urgency?: Urgency;
    source?: ReportSource;
    summary?: string;
    reportedAt?: Date;
    municipalityCode?: string | null;
    violenceTypes: ViolenceType[] | null;
    at: Date;
  },
): Promise<void> {
  await updateVersioned(tx, {
    table: 'cases',
    what: 'case',
    id: caseId,
    version,
    set: `urgency = COALESCE($3, urgency), source = COALESCE($4, source), summary = COALESCE($5, summary), updated_at = $6,
              reported_at = COALESCE($7, reported_at),
              municipality_code = CASE WHEN $8::boolean THEN $9 ELSE municipality_code END,
              violence_types = COALESCE($10, violence_types)`,
    params: [
      c.urgency ?? null,
      c.source ?? null,
      c.summary ?? null,
      c.at,
      c.reportedAt ?? null,
      c.municipalityCode !== undefined,
      c.municipalityCode ?? null,
      c.violenceTypes,
    ],
  });
}

export async function closeCase(tx: Tx, caseId: string, c: { at: Date; by: string; reason: string }): Promise<void> {
  await tx.query(
    `UPDATE cases SET status = 'closed', closed_at = $2, closed_by = $3, close_reason = $4, version = version + 1, updated_at = $2
            WHERE id = $1`,
    [caseId, c.at, c.by, c.reason],
  );
}

export async function activate(tx: Tx, caseId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE cases SET status = 'active', version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, at]);
}

/**
 * Cases newest first; `visible` is the list rule's condition on c.id (AccessService.visibleCaseIdsSql)
 * over `$1` (the reader) and `$2` (now). `take` is one more than the page.
 */
export async function listCases(
  tx: Tx,
  q: {
    visible: string;
    readerId: string;
    now: Date;
    status?: CaseStatus;
    urgency?: Urgency;
    after: After<{ openedAt: string; id: string }>;
    take: number;
  },
): Promise<CaseRow[]> {
  return tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases c
          WHERE ${q.visible}
            AND ($3::text IS NULL OR c.status = $3)
            AND ($4::text IS NULL OR c.urgency = $4)
            AND ($5::timestamptz IS NULL OR (c.opened_at, c.id) < ($5::timestamptz, $6::uuid))
          ORDER BY c.opened_at DESC, c.id DESC LIMIT $7`,
    [q.readerId, q.now, q.status ?? null, q.urgency ?? null, q.after?.openedAt ?? null, q.after?.id ?? null, q.take],
  );
}

export async function loadCase(tx: Tx, caseId: string): Promise<CaseRow | undefined> {
  return tx.one<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId]);
}

/** The case header with its current team, prepared: the case file is read on every GET of a case (issue 11). */
export async function loadCaseWithTeam(tx: Tx, caseId: string): Promise<(CaseRow & TeamArrays) | undefined> {
  return tx.one<CaseRow & TeamArrays>(`SELECT ${CASE_COLUMNS}, ${TEAM_ARRAY_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId], {
    prepare: true,
  });
}

/**
 * The whole case file (header, current team, persons as one JSON array) as columns of the access
 * statement (AccessService.facts, `c` the case): a read of a case is then that one statement and
 * the audit insert (issue 11). `interviewCounts`: whether the persons carry their interview counts,
 * which the service still shows only to a reader who sees interviews (seesInterviewCounts).
 */
export function caseFileAlongside(interviewCounts: boolean): AlongsideColumns {
  return {
    columns: `${CASE_COLUMNS}, ${TEAM_ARRAY_COLUMNS},
      (SELECT coalesce(json_agg(p ORDER BY p.created_at, p.id), '[]'::json)
         FROM (SELECT ${personColumns(interviewCounts)}, p.created_at FROM case_persons p WHERE p.case_id = c.id) p) AS persons_json`,
  };
}

/** A row of caseFileAlongside's columns. */
export type CaseFileRow = CaseRow & TeamArrays & { persons_json: PersonRow[] };

/** Whether the case has an open handover; with `fromUserId`, one sent by that user (a read of the handovers context's table). */
export async function hasOpenHandover(tx: Tx, caseId: string, fromUserId?: string): Promise<boolean> {
  const open = fromUserId
    ? await tx.one(`SELECT 1 FROM handovers h WHERE h.case_id = $1 AND h.from_user_id = $2 AND ${openHandoverSql('h')}`, [
        caseId,
        fromUserId,
      ])
    : await tx.one(`SELECT 1 FROM handovers h WHERE h.case_id = $1 AND ${openHandoverSql('h')}`, [caseId]);
  return open !== undefined;
}

// ---- persons

export async function personsOfCase(tx: Tx, caseId: string, interviewCounts: boolean): Promise<PersonRow[]> {
  return tx.query<PersonRow>(
    `SELECT ${personColumns(interviewCounts)} FROM case_persons p WHERE p.case_id = $1 ORDER BY p.created_at, p.id`,
    [caseId],
    { prepare: true },
  );
}

/** The case a person belongs to, read before the gate decides access to that case. */
export async function caseOfPerson(db: Db, personId: string): Promise<string | undefined> {
  const [person] = await db.query<{ case_id: string }>(`SELECT case_id FROM case_persons WHERE id = $1`, [personId]);
  return person?.case_id;
}

/** How many of `personIds` are persons of the case. */
export async function countPersonsOfCase(tx: Tx, caseId: string, personIds: string[]): Promise<number> {
  const found = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM case_persons WHERE case_id = $1 AND id = ANY($2::uuid[])`, [
    caseId,
    personIds,
  ]);
  return found!.n;
}

export interface NewPersonRow {
  caseId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  familyRole: string;
  involvement: string;
  confidentialAddress: string | null;
  createdBy: string;
  at: Date;
}

/** `interviewCount`: whether the returned row shows the person's interview count (seesInterviewCounts). */
export async function insertPerson(tx: Tx, p: NewPersonRow, interviewCount: boolean): Promise<PersonRow> {
  const row = await tx.one<PersonRow>(
    `INSERT INTO case_persons AS p (case_id, first_name, last_name, date_of_birth, family_role, involvement, confidential_address,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     RETURNING ${personColumns(interviewCount)}`,
    [p.caseId, p.firstName, p.lastName, p.dateOfBirth, p.familyRole, p.involvement, p.confidentialAddress, p.createdBy, p.at],
  );
  return row!;
}

/** The person as stored, locked so that the fields an update records as changed are the ones it changed. */
export async function lockPerson(tx: Tx, caseId: string, personId: string): Promise<PersonRow | undefined> {
  return tx.one<PersonRow>(`SELECT ${personColumns(false)} FROM case_persons p WHERE p.id = $1 AND p.case_id = $2 FOR UPDATE`, [
    personId,
    caseId,
  ]);
}

/**
 * Fields left undefined keep their value; an explicit null clears the optional ones. Unguarded when
 * `version` is undefined (the API lets a client leave it out); 409 on a stale one.
 */
export async function updatePerson(
  tx: Tx,
  personId: string,
  version: number | undefined,
  p: {
    firstName?: string;
    lastName?: string;
    dateOfBirth?: string | null;
    familyRole?: string;
    involvement?: string;
    confidentialAddress?: string | null;
    at: Date;
  },
  interviewCount: boolean,
): Promise<PersonRow> {
  return updateVersioned<PersonRow>(tx, {
    table: 'case_persons AS p',
    what: 'person',
    id: personId,
    version,
    set: `first_name = COALESCE($3, first_name), last_name = COALESCE($4, last_name),
              date_of_birth = CASE WHEN $5::boolean THEN NULL ELSE COALESCE($6::date, date_of_birth) END,
              family_role = COALESCE($7, family_role), involvement = COALESCE($8, involvement),
              confidential_address = CASE WHEN $9::boolean THEN NULL ELSE COALESCE($10, confidential_address) END,
              updated_at = $11`,
    params: [
      p.firstName ?? null,
      p.lastName ?? null,
      p.dateOfBirth === null,
      p.dateOfBirth ?? null,
      p.familyRole ?? null,
      p.involvement ?? null,
      p.confidentialAddress === null,
      p.confidentialAddress ?? null,
      p.at,
    ],
    returning: personColumns(interviewCount),
  });
}
