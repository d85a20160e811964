import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { assessmentBody, count, examinationBody, http, interviewBody, openCase, outboxEvents, type TestCase } from './intake-support';

/**
 * design.md §2 discipline records and §3 on who writes and who reads them in full, as tables:
 * exact statuses, and the restricted text absent for other disciplines and present for the right one.
 */
type Who = 'lead' | 'police' | 'forensic' | 'youthCare' | 'coordinator' | 'outsider' | 'emergency' | 'noToken';
type Action =
  | 'interview:write'
  | 'examination:write'
  | 'assessment:write'
  | 'interview:disclose'
  | 'examination:disclose'
  | 'interviews:read'
  | 'examinations:read'
  | 'assessments:read';

const ACTIONS: Action[] = [
  'interview:write',
  'examination:write',
  'assessment:write',
  'interview:disclose',
  'examination:disclose',
  'interviews:read',
  'examinations:read',
  'assessments:read',
];
// lead is social work; youthCare a member of another discipline; emergency a youth-care professional holding emergency access.
const MATRIX: Record<Who, number[]> = {
  lead: [403, 403, 201, 403, 403, 200, 200, 200],
  police: [201, 403, 403, 201, 403, 200, 200, 200],
  forensic: [403, 201, 403, 403, 201, 200, 200, 200],
  youthCare: [403, 403, 403, 403, 403, 200, 200, 200],
  coordinator: [403, 403, 403, 403, 403, 403, 403, 403],
  outsider: [404, 404, 404, 404, 404, 404, 404, 404],
  emergency: [403, 403, 403, 403, 403, 200, 200, 200],
  noToken: [401, 401, 401, 401, 401, 401, 401, 401],
};

describe('intake records: discipline rules and visibility (design.md §2, §3)', () => {
  let ctx: TestContext;
  const users = {} as Record<Exclude<Who, 'noToken'>, TestUser>;
  let matrixCase: TestCase;
  let seenCase: TestCase;
  let policeRecordId: string;
  let forensicRecordId: string;
  const secret = {
    interview: `INTERVIEW-SUMMARY-${randomUUID()}`,
    interviewLocation: `Studio ${randomUUID()}`,
    examination: `FINDING-${randomUUID()}`,
    evidence: `EVIDENCE-${randomUUID()}`,
    assessment: `JUDGEMENT-${randomUUID()}`,
    disclosed: `SHARED-SUMMARY-${randomUUID()}`,
  };

  const as = (who: Who, req: ReturnType<ReturnType<typeof http>['get']>) =>
    who === 'noToken' ? req : req.set('Authorization', users[who].auth);

  beforeAll(async () => {
    ctx = await createTestApp();
    users.lead = await ctx.factory.user({ discipline: 'social_work' });
    users.police = await ctx.factory.user({ discipline: 'police' });
    users.forensic = await ctx.factory.user({ discipline: 'forensic_medicine' });
    users.youthCare = await ctx.factory.user({ discipline: 'youth_care' });
    users.coordinator = await ctx.factory.coordinator({ discipline: 'social_work' });
    users.outsider = await ctx.factory.user({ discipline: 'police' });
    users.emergency = await ctx.factory.user({ discipline: 'youth_care' });
    const team = [users.police, users.forensic, users.youthCare];
    matrixCase = await openCase(ctx, users.lead, team);
    seenCase = await openCase(ctx, users.lead, team, { child: 'Lotte', parent: 'Kees' });
    for (const c of [matrixCase, seenCase]) {
      const glass = await as('emergency', http(ctx).post(`/api/cases/${c.id}/emergency-access`)).send({
        reason: 'Child admitted to hospital tonight, need to know the history',
      });
      expect(glass.status).toBe(201);
    }

    // The case whose reads are inspected: one record of each kind, the interview disclosed.
    const interview = await as('police', http(ctx).post(`/api/cases/${seenCase.id}/interviews`)).send(
      interviewBody(seenCase.childId, { summary: secret.interview, location: secret.interviewLocation }),
    );
    expect(interview.status).toBe(201);
    policeRecordId = interview.body.id;
    const examination = await as('forensic', http(ctx).post(`/api/cases/${seenCase.id}/examinations`)).send(
      examinationBody(seenCase.childId, {
        findings: [{ bodyRegion: 'back', kind: 'bruise', sizeMm: 12.5, description: secret.examination }],
        evidence: [{ reference: secret.evidence, sha256: 'AB'.repeat(32) }],
      }),
    );
    expect(examination.status).toBe(201);
    forensicRecordId = examination.body.id;
    const assessment = await as('lead', http(ctx).post(`/api/cases/${seenCase.id}/assessments`)).send(
      assessmentBody({ judgement: secret.assessment, personIds: [seenCase.childId] }),
    );
    expect(assessment.status).toBe(201);
    const disclosed = await as('police', http(ctx).post(`/api/cases/${seenCase.id}/interviews/${policeRecordId}/disclosure`)).send({
      summary: secret.disclosed,
      legalBasis: 'statutory_duty',
      note: 'Shared for the safety plan',
    });
    expect(disclosed.status).toBe(201);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  async function perform(who: Who, action: Action): Promise<Response> {
    const base = `/api/cases/${matrixCase.id}`;
    switch (action) {
      case 'interview:write':
        // The parent: the matrix interviews one person many times, and tell once (design.md §8) covers children.
        return as(who, http(ctx).post(`${base}/interviews`)).send(interviewBody(matrixCase.parentId));
      case 'examination:write':
        return as(who, http(ctx).post(`${base}/examinations`)).send(examinationBody(matrixCase.childId));
      case 'assessment:write':
        return as(who, http(ctx).post(`${base}/assessments`)).send(assessmentBody());
      case 'interview:disclose': {
        const record = await as('police', http(ctx).post(`${base}/interviews`)).send(interviewBody(matrixCase.parentId));
        return as(who, http(ctx).post(`${base}/interviews/${record.body.id}/disclosure`)).send({
          summary: 'shared',
          legalBasis: 'consent',
        });
      }
      case 'examination:disclose': {
        const record = await as('forensic', http(ctx).post(`${base}/examinations`)).send(examinationBody(matrixCase.childId));
        return as(who, http(ctx).post(`${base}/examinations/${record.body.id}/disclosure`)).send({
          summary: 'shared',
          legalBasis: 'right_to_report',
        });
      }
      case 'interviews:read':
        return as(who, http(ctx).get(`${base}/interviews`));
      case 'examinations:read':
        return as(who, http(ctx).get(`${base}/examinations`));
      case 'assessments:read':
        return as(who, http(ctx).get(`${base}/assessments`));
    }
  }

  const matrix = (Object.keys(MATRIX) as Who[]).flatMap((who) => ACTIONS.map((action, i) => [who, action, MATRIX[who][i]] as const));

  it.each(matrix)('%s %s → %i', async (who, action, status) => {
    const before = await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE case_id = $1`, [matrixCase.id]);
    const res = await perform(who, action);
    if (status >= 400) problemOf(res, status);
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body.code).toMatch(/^(DISCIPLINE_REQUIRED|CASE_ACTION_FORBIDDEN)$/);
    // Exactly one audit event for the attempt (the disclose cells also create the record they disclose).
    if (who !== 'noToken') {
      const setup = action.endsWith(':disclose') ? 1 : 0;
      expect(await count(ctx, `SELECT count(*) AS n FROM audit_events WHERE case_id = $1`, [matrixCase.id])).toBe(before + 1 + setup);
    }
  });

  /** Which secret texts each reader finds in each read of `seenCase`. */
  type Read = 'interviews' | 'examinations' | 'assessments' | 'timeline';
  const VISIBLE: [Who, Read, (keyof typeof secret)[]][] = [
    ['police', 'interviews', ['interview', 'interviewLocation', 'disclosed']],
    ['forensic', 'interviews', ['disclosed']],
    ['lead', 'interviews', ['disclosed']],
    ['youthCare', 'interviews', ['disclosed']],
    ['emergency', 'interviews', ['disclosed']],
    ['forensic', 'examinations', ['examination', 'evidence']],
    ['police', 'examinations', []],
    ['lead', 'examinations', []],
    ['emergency', 'examinations', []],
    ['police', 'assessments', ['assessment']],
    ['forensic', 'assessments', ['assessment']],
    ['youthCare', 'assessments', ['assessment']],
    ['police', 'timeline', ['interview', 'interviewLocation', 'disclosed', 'assessment']],
    ['forensic', 'timeline', ['examination', 'evidence', 'disclosed', 'assessment']],
    ['lead', 'timeline', ['disclosed', 'assessment']],
    ['youthCare', 'timeline', ['disclosed', 'assessment']],
  ];

  it.each(VISIBLE)('%s reading %s sees exactly %j of the restricted texts', async (who, read, visible) => {
    const res = await as(who, http(ctx).get(`/api/cases/${seenCase.id}/${read}`));
    expect(res.status).toBe(200);
    for (const key of Object.keys(secret) as (keyof typeof secret)[]) {
      expect({ key, present: res.text.includes(secret[key]) }).toEqual({ key, present: visible.includes(key) });
    }
  });

  it('shows another discipline the record head: existence, author, date and disclosure, nothing else', async () => {
    const res = await as('forensic', http(ctx).get(`/api/cases/${seenCase.id}/interviews`));
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toEqual({
      id: policeRecordId,
      caseId: seenCase.id,
      authorId: users.police.id,
      authorDiscipline: 'police',
      createdAt: expect.any(String),
      restricted: true,
      personId: null,
      kind: null,
      conductedAt: null,
      durationMinutes: null,
      location: null,
      interviewerIds: [],
      recordingReference: null,
      summary: null,
      supplementary: null,
      sameInterviewer: null,
      disclosure: {
        summary: secret.disclosed,
        legalBasis: 'statutory_duty',
        note: 'Shared for the safety plan',
        disclosedAt: expect.any(String),
        disclosedBy: users.police.id,
      },
    });
    const own = await as('police', http(ctx).get(`/api/cases/${seenCase.id}/interviews`));
    expect(own.body.items[0]).toMatchObject({ restricted: false, personId: seenCase.childId, kind: 'studio', summary: secret.interview });

    const exam = await as('police', http(ctx).get(`/api/cases/${seenCase.id}/examinations`));
    expect(exam.body.items[0]).toMatchObject({
      id: forensicRecordId,
      restricted: true,
      personId: null,
      consent: null,
      findings: [],
      evidence: [],
      disclosure: null,
    });
    const ownExam = await as('forensic', http(ctx).get(`/api/cases/${seenCase.id}/examinations`));
    expect(ownExam.body.items[0]).toMatchObject({
      restricted: false,
      findings: [{ bodyRegion: 'back', kind: 'bruise', sizeMm: 12.5, description: secret.examination }],
      // Evidence is a reference and a SHA-256, stored in lower case.
      evidence: [{ reference: secret.evidence, sha256: 'ab'.repeat(32) }],
    });
  });

  it('records in the audit trail only the persons whose data a read returned', async () => {
    await as('forensic', http(ctx).get(`/api/cases/${seenCase.id}/interviews`)).expect(200);
    await as('police', http(ctx).get(`/api/cases/${seenCase.id}/interviews`)).expect(200);
    const rows = await ctx.db.query<{ actor_id: string; person_ids: string[] }>(
      `SELECT actor_id, person_ids FROM audit_events WHERE case_id = $1 AND action = 'interview.list' ORDER BY seq DESC LIMIT 2`,
      [seenCase.id],
    );
    expect(rows).toEqual([
      { actor_id: users.police.id, person_ids: [seenCase.childId] },
      { actor_id: users.forensic.id, person_ids: [] },
    ]);
  });

  it('announces a disclosure with record.disclosed (no names) and audits it', async () => {
    const [event] = (await outboxEvents(ctx, 'record.disclosed', seenCase.id)).filter((e) => e.payload.recordId === policeRecordId);
    expect(event.payload).toEqual({
      caseReference: seenCase.reference,
      recordType: 'interview',
      recordId: policeRecordId,
      authorDiscipline: 'police',
    });
    const audit = await ctx.db.query(
      `SELECT actor_id, outcome, person_ids FROM audit_events WHERE action = 'interview.disclose' AND resource_id = $1`,
      [policeRecordId],
    );
    expect(audit).toEqual([{ actor_id: users.police.id, outcome: 'success', person_ids: [seenCase.childId] }]);
  });

  it('discloses a record once: a second disclosure is 409 and changes nothing', async () => {
    const res = await as('police', http(ctx).post(`/api/cases/${seenCase.id}/interviews/${policeRecordId}/disclosure`)).send({
      summary: 'another summary',
      legalBasis: 'consent',
    });
    expect(problemOf(res, 409).code).toBe('ALREADY_DISCLOSED');
    const [row] = await ctx.db.query<{ disclosure_summary: string }>(`SELECT disclosure_summary FROM intake_interviews WHERE id = $1`, [
      policeRecordId,
    ]);
    expect(row.disclosure_summary).toBe(secret.disclosed);
  });

  it.each([
    ['without a legal basis', { summary: 'shared' }],
    ['with a basis that is not in design.md §2', { summary: 'shared', legalBasis: 'curiosity' }],
    ['with a null basis', { summary: 'shared', legalBasis: null }],
  ])('refuses a disclosure %s with 400 naming legalBasis, changing nothing', async (_name, body) => {
    const exam = forensicRecordId;
    const events = (await outboxEvents(ctx, 'record.disclosed')).length;
    const res = await as('forensic', http(ctx).post(`/api/cases/${seenCase.id}/examinations/${exam}/disclosure`)).send(body);
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toEqual(['legalBasis']);
    const [row] = await ctx.db.query<{ disclosed_at: Date | null }>(`SELECT disclosed_at FROM intake_examinations WHERE id = $1`, [exam]);
    expect(row.disclosed_at).toBeNull();
    expect((await outboxEvents(ctx, 'record.disclosed')).length).toBe(events);
  });

  it('answers 404 for a record that is not in the case', async () => {
    const res = await as('police', http(ctx).post(`/api/cases/${matrixCase.id}/interviews/${policeRecordId}/disclosure`)).send({
      summary: 'shared',
      legalBasis: 'consent',
    });
    expect(problemOf(res, 404).code).toBe('RECORD_NOT_FOUND');
  });

  it('shows interviews and examinations in the timeline masked for other disciplines, with their disclosure', async () => {
    const forensic = await as('forensic', http(ctx).get(`/api/cases/${seenCase.id}/timeline`));
    const interview = forensic.body.items.find((i: { kind: string }) => i.kind === 'interview.recorded');
    expect(interview).toMatchObject({
      restricted: true,
      restrictedTo: 'police',
      detail: null,
      actorId: users.police.id,
      subjectId: policeRecordId,
    });
    expect(interview.disclosure).toMatchObject({ summary: secret.disclosed, legalBasis: 'statutory_duty' });
    const exam = forensic.body.items.find((i: { kind: string }) => i.kind === 'examination.recorded');
    expect(exam).toMatchObject({ restricted: false, restrictedTo: 'forensic_medicine', disclosure: null });
    expect(forensic.body.items.map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['assessment.recorded', 'record.disclosed']),
    );
    const police = await as('police', http(ctx).get(`/api/cases/${seenCase.id}/timeline`));
    expect(police.body.items.find((i: { kind: string }) => i.kind === 'interview.recorded').detail).toMatchObject({
      summary: secret.interview,
      kind: 'studio',
    });
  });

  it('keeps an assessment as the professional judged it: the judgement is required', async () => {
    const before = await count(ctx, `SELECT count(*) AS n FROM intake_assessments`);
    for (const judgement of [undefined, '', '   ']) {
      const res = await as('lead', http(ctx).post(`/api/cases/${seenCase.id}/assessments`)).send(assessmentBody({ judgement }));
      expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain('judgement');
    }
    expect(await count(ctx, `SELECT count(*) AS n FROM intake_assessments`)).toBe(before);
    const kept = await as('lead', http(ctx).post(`/api/cases/${seenCase.id}/assessments`)).send(
      assessmentBody({
        instrument: 'ARIJ',
        answers: { risk: 'high', items: [1, 2] },
        safety: 'safe',
        judgement: 'Safe with the grandparents',
      }),
    );
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({
      instrument: 'ARIJ',
      answers: { risk: 'high', items: [1, 2] },
      safety: 'safe',
      judgement: 'Safe with the grandparents',
    });
  });

  it('counts studio interviews per person on the case ("tell once")', async () => {
    const c = await openCase(ctx, users.lead, [users.police]);
    // After the first studio interview, further ones are supplementary (design.md §8 tell once: test/tell-once.e2e-spec.ts).
    const supplementary = { reason: 'New facts', approvedBy: 'Officier van justitie' };
    for (const [i, kind] of ['studio', 'studio', 'witness'].entries()) {
      await as('police', http(ctx).post(`/api/cases/${c.id}/interviews`))
        .send(interviewBody(c.childId, i === 0 ? { kind } : { kind, supplementary }))
        .expect(201);
    }
    await as('police', http(ctx).post(`/api/cases/${c.id}/interviews`))
      .send(interviewBody(c.parentId, { kind: 'suspect' }))
      .expect(201);
    // Police on the team read interviews in full, so they see the counts (test/restricted-view.e2e-spec.ts: the others).
    const res = await as('police', http(ctx).get(`/api/cases/${c.id}`));
    const counts = Object.fromEntries(res.body.persons.map((p: { id: string; interviewCount: number }) => [p.id, p.interviewCount]));
    expect(counts).toEqual({ [c.childId]: 2, [c.parentId]: 0 });
    // Who was interviewed is police record content: oversight alone does not see it.
    const oversight = await as('coordinator', http(ctx).get(`/api/cases/${c.id}`));
    expect(oversight.status).toBe(200);
    expect(oversight.body.persons.map((p: { interviewCount: number | null }) => p.interviewCount)).toEqual([null, null]);
  });

  it('refuses records on a closed case with 409', async () => {
    const c = await openCase(ctx, users.lead, [users.police, users.forensic]);
    await as('lead', http(ctx).post(`/api/cases/${c.id}/close`))
      .send({ reason: 'Report proved unfounded' })
      .expect(200);
    expect(problemOf(await as('police', http(ctx).post(`/api/cases/${c.id}/interviews`)).send(interviewBody(c.childId)), 409).code).toBe(
      'CASE_CLOSED',
    );
    expect(
      problemOf(await as('forensic', http(ctx).post(`/api/cases/${c.id}/examinations`)).send(examinationBody(c.childId)), 409).code,
    ).toBe('CASE_CLOSED');
    expect(problemOf(await as('lead', http(ctx).post(`/api/cases/${c.id}/assessments`)).send(assessmentBody()), 409).code).toBe(
      'CASE_CLOSED',
    );
  });

  it.each([
    ['interview: a person of another case', 'police', 'interviews', () => interviewBody(matrixCase.childId), 'personId'],
    [
      'interview: an interviewer who is no user',
      'police',
      'interviews',
      () => interviewBody(seenCase.childId, { interviewerIds: [randomUUID()] }),
      'interviewerIds',
    ],
    [
      'interview: conducted in the future',
      'police',
      'interviews',
      () => interviewBody(seenCase.childId, { conductedAt: new Date(Date.now() + 86_400_000).toISOString() }),
      'conductedAt',
    ],
    [
      'examination: examined in the future',
      'forensic',
      'examinations',
      () => examinationBody(seenCase.childId, { examinedAt: new Date(Date.now() + 86_400_000).toISOString() }),
      'examinedAt',
    ],
  ] as const)('refuses %s with 422 naming the field', async (_name, who, path, body, field) => {
    const res = await as(who, http(ctx).post(`/api/cases/${seenCase.id}/${path}`)).send(body());
    expect(problemOf(res, 422).errors?.map((e) => e.field)).toEqual([field]);
  });

  const badBodies: [string, Who, string, () => Record<string, unknown>, string][] = [
    ['interview kind', 'police', 'interviews', () => interviewBody(seenCase.childId, { kind: 'chat' }), 'kind'],
    ['interview without summary', 'police', 'interviews', () => interviewBody(seenCase.childId, { summary: undefined }), 'summary'],
    ['interview duration 0', 'police', 'interviews', () => interviewBody(seenCase.childId, { durationMinutes: 0 }), 'durationMinutes'],
    [
      'interview date',
      'police',
      'interviews',
      () => interviewBody(seenCase.childId, { conductedAt: '2026-02-30T10:00:00Z' }),
      'conductedAt',
    ],
    ['interview personId', 'police', 'interviews', () => interviewBody('not-a-uuid'), 'personId'],
    ['interview unknown field', 'police', 'interviews', () => interviewBody(seenCase.childId, { transcript: 'x' }), 'transcript'],
    [
      'evidence hash',
      'forensic',
      'examinations',
      () => examinationBody(seenCase.childId, { evidence: [{ reference: 'EV-1', sha256: 'abc' }] }),
      'evidence[0].sha256',
    ],
    [
      'evidence hash 63 hex',
      'forensic',
      'examinations',
      () => examinationBody(seenCase.childId, { evidence: [{ reference: 'EV-1', sha256: 'a'.repeat(63) }] }),
      'evidence[0].sha256',
    ],
    [
      'evidence as a file',
      'forensic',
      'examinations',
      () => examinationBody(seenCase.childId, { evidence: [{ reference: 'EV-1', sha256: 'a'.repeat(64), file: 'aGVsbG8=' }] }),
      'evidence[0].file',
    ],
    [
      'finding size as text',
      'forensic',
      'examinations',
      () => examinationBody(seenCase.childId, { findings: [{ bodyRegion: 'arm', kind: 'bruise', sizeMm: '25', description: 'd' }] }),
      'findings[0].sizeMm',
    ],
    ['examination without consent', 'forensic', 'examinations', () => examinationBody(seenCase.childId, { consent: undefined }), 'consent'],
    ['examination conclusion', 'forensic', 'examinations', () => examinationBody(seenCase.childId, { conclusion: 'abuse' }), 'conclusion'],
    ['assessment instrument', 'lead', 'assessments', () => assessmentBody({ instrument: 'CARE-NL' }), 'instrument'],
    ['assessment answers as a list', 'lead', 'assessments', () => assessmentBody({ answers: [1, 2] }), 'answers'],
    ['assessment safety', 'lead', 'assessments', () => assessmentBody({ safety: 'fine' }), 'safety'],
  ];

  it.each(badBodies)('refuses a bad body (%s) with 400 naming the field, changing nothing', async (_name, who, path, body, field) => {
    const tables = ['intake_interviews', 'intake_examinations', 'intake_assessments', 'audit_events'];
    const before = await Promise.all(tables.map((t) => count(ctx, `SELECT count(*) AS n FROM ${t}`)));
    const res = await as(who, http(ctx).post(`/api/cases/${seenCase.id}/${path}`)).send(body());
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toContain(field);
    expect(await Promise.all(tables.map((t) => count(ctx, `SELECT count(*) AS n FROM ${t}`)))).toEqual(before);
  });

  it('keeps records immutable in the database', async () => {
    await expect(ctx.db.query(`UPDATE intake_interviews SET summary = 'changed' WHERE id = $1`, [policeRecordId])).rejects.toThrow(
      /never changed/,
    );
    await expect(ctx.db.query(`DELETE FROM intake_examinations WHERE id = $1`, [forensicRecordId])).rejects.toThrow(/never changed/);
  });
});
