import { csvCell } from '@oneroof/monitoring';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 13, design.md §8 Monitoring: every indicator against a fixture computed by hand (below), the
 * small-cell suppression at 4 and 5, JSON and CSV, who may read it and its audit.
 *
 * The fixture (all regular urgency, times UTC; Monday 2025-01-06 10:00 is "R"):
 * - January: J1..J6 reported at R. Intakes scheduled after 1, 2, 3, 5, 7 working days (J6 none):
 *   p50 3, p90 5 + 0.6·2 = 6.2; intake_scheduled clock (target 5) met 4 of 5 (5 days is on time).
 *   J1..J5 each have one child victim, first interviewed 2 working days after R (met, target 10);
 *   J3's child has 2 interviews, J5's 3 (the further ones supplementary): once 3 of 5 = 0.6,
 *   supplementary 3. Handovers J1..J4 proposed Tue 01-07 10:00, respondBy Tue 01-14 10:00, accepted
 *   after 1, 2, 5, 6 working days (J4 late), family present in J1, J2, J4: 4 handovers, suppressed by
 *   month. Follow-ups of J1: 3 done, 2 missed, 1 planned: missed 2 of 5 = 0.4.
 * - February: F1..F4 reported Mon 2025-02-03 10:00: 4 reports, suppressed. F1's handover proposed
 *   02-04 10:00, respondBy 02-11 10:00, accepted 02-05 10:00 (1 day, in time), family absent.
 * - Outside the period: one case reported 2024-12-31 12:00 and one at 2025-03-01 00:00 (to is exclusive).
 * By urgency (one group, "regular"): handovers become 5: acceptance days [1, 1, 2, 5, 6] → p50 2,
 * in time 4 of 5 = 0.8, family present 3 of 5 = 0.6, handover_accepted clock met 4 of 5 = 0.8.
 */
const FROM = '2025-01-01T00:00:00.000Z';
const TO = '2025-03-01T00:00:00.000Z';

describe('monitoring indicators', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  let analyst: TestUser;
  let professional: TestUser;
  let other: TestUser;
  const http = () => request(ctx.app.getHttpServer());
  const get = (user: TestUser, query: string) => http().get(`/api/monitoring/indicators?${query}`).set('Authorization', user.auth);
  let counter = 0;

  async function newCase(reportedAt: string, opts: { municipality?: string; types?: string[] } = {}): Promise<string> {
    counter += 1;
    return ctx.db.transaction(async (tx) => {
      const row = await tx.one<{ id: string }>(
        `INSERT INTO cases (reference, urgency, source, summary, created_by, opened_at, updated_at, reported_at, municipality_code, violence_types)
         VALUES ($1, 'regular', 'police', 'fixture', $2, $3, $3, $3, $4, $5) RETURNING id`,
        [`MDC-2025-${String(900000 + counter)}`, professional.id, reportedAt, opts.municipality ?? null, opts.types ?? []],
      );
      await tx.query(`INSERT INTO case_memberships (case_id, user_id, role, since, added_by) VALUES ($1, $2, 'lead', $3, $2)`, [
        row!.id,
        professional.id,
        reportedAt,
      ]);
      return row!.id;
    });
  }
  const child = async (caseId: string) =>
    (
      await ctx.db.query<{ id: string }>(
        `INSERT INTO case_persons (case_id, first_name, last_name, family_role, involvement, created_by, created_at, updated_at)
         VALUES ($1, 'Kind', 'Fixture', 'child', 'victim', $2, now(), now()) RETURNING id`,
        [caseId, professional.id],
      )
    )[0].id;
  const interview = (caseId: string, personId: string, at: string, supplementary: boolean) =>
    ctx.db.query(
      `INSERT INTO intake_interviews (case_id, person_id, kind, conducted_at, duration_minutes, location, summary, author_id, author_discipline,
         created_at, supplementary_reason, supplementary_approved_by)
       VALUES ($1, $2, 'studio', $3, 30, 'Studio', 'fixture', $4, 'police', $3, $5, $6)`,
      [caseId, personId, at, other.id, supplementary ? 'new facts' : null, supplementary ? 'OvJ' : null],
    );
  const handover = (caseId: string, proposed: string, respondBy: string, accepted: string, familyPresent: boolean) =>
    ctx.db.query(
      `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, respond_by, briefed_at, meeting, accepted_at)
       VALUES ($1, $2, $3, 'accepted', $4, $5, $4, jsonb_build_object('familyPresent', $6::boolean), $7)`,
      [caseId, professional.id, other.id, proposed, respondBy, familyPresent, accepted],
    );

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
    analyst = await ctx.factory.user({ roles: ['analyst'] });
    professional = await ctx.factory.user({ discipline: 'police' });
    other = await ctx.factory.user({ discipline: 'police' });
    const R = '2025-01-06T10:00:00.000Z';
    const intakeAt = [
      '2025-01-07T10:00:00Z',
      '2025-01-08T10:00:00Z',
      '2025-01-09T10:00:00Z',
      '2025-01-13T10:00:00Z',
      '2025-01-15T10:00:00Z',
      null,
    ];
    const interviews = [1, 1, 2, 1, 3];
    const accepted: [string, boolean][] = [
      ['2025-01-08T10:00:00Z', true],
      ['2025-01-09T10:00:00Z', true],
      ['2025-01-14T10:00:00Z', false],
      ['2025-01-15T10:00:00Z', true],
    ];
    for (let i = 0; i < 6; i++) {
      const id = await newCase(R, { municipality: i < 5 ? 'GM0363' : undefined, types: i < 5 ? ['neglect'] : [] });
      if (intakeAt[i]) {
        await ctx.db.query(`INSERT INTO intakes (case_id, scheduled_at, scheduled_by, created_at) VALUES ($1, $2, $3, $2)`, [
          id,
          intakeAt[i],
          professional.id,
        ]);
      }
      if (i < 5) {
        const kid = await child(id);
        for (let k = 0; k < interviews[i]; k++) await interview(id, kid, `2025-01-0${8 + k}T10:00:00Z`, k > 0);
      }
      if (i < 4) await handover(id, '2025-01-07T10:00:00Z', '2025-01-14T10:00:00Z', accepted[i][0], accepted[i][1]);
      if (i === 0) {
        for (const status of ['done', 'done', 'done', 'missed', 'missed', 'planned']) {
          await ctx.db.query(
            `INSERT INTO follow_ups (case_id, kind, scheduled_at, assignee_id, created_by, created_at, updated_at, status, closed_at)
             VALUES ($1, 'home_visit', '2025-01-20T10:00:00Z', $2, $2, now(), now(), $3, CASE WHEN $3 = 'planned' THEN NULL ELSE now() END)`,
            [id, professional.id, status],
          );
        }
      }
    }
    for (let i = 0; i < 4; i++) {
      const id = await newCase('2025-02-03T10:00:00.000Z');
      if (i === 0) await handover(id, '2025-02-04T10:00:00Z', '2025-02-11T10:00:00Z', '2025-02-05T10:00:00Z', false);
    }
    await newCase('2024-12-31T12:00:00.000Z');
    await newCase('2025-03-01T00:00:00.000Z');
  });
  afterAll(() => ctx.close());

  const shown = (group: string, indicator: string, value: number, n: number) => ({ group, indicator, value, n, suppressed: false });
  const hidden = (group: string, indicator: string) => ({ group, indicator, value: null, n: null, suppressed: true });

  const byKey = (a: { group: string; indicator: string }, b: { group: string; indicator: string }) =>
    `${a.group} ${a.indicator}`.localeCompare(`${b.group} ${b.indicator}`);

  it('computes every indicator by month, suppressing cells under 5 (4 hidden, 5 shown)', async () => {
    const res = await get(coordinator, `from=${FROM}&to=${TO}&groupBy=month`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: FROM, to: TO, groupBy: 'month' });
    expect([...res.body.rows].sort(byKey)).toEqual(
      [
        shown('2025-01', 'reports', 6, 6),
        shown('2025-01', 'days_report_to_intake_p50', 3, 5),
        shown('2025-01', 'days_report_to_intake_p90', 6.2, 5),
        shown('2025-01', 'clock_met_share:intake_scheduled', 0.8, 5),
        shown('2025-01', 'clock_met_share:child_interviewed', 1, 5),
        hidden('2025-01', 'clock_met_share:handover_accepted'),
        shown('2025-01', 'children_interviewed_once_share', 0.6, 5),
        shown('2025-01', 'supplementary_interviews', 3, 5),
        hidden('2025-01', 'days_handover_to_acceptance_p50'),
        hidden('2025-01', 'handovers_accepted_in_time_share'),
        hidden('2025-01', 'handover_meetings_family_present_share'),
        shown('2025-01', 'follow_ups_missed_share', 0.4, 5),
        shown('2025-01', 'rereports_12m_share', 0, 6),
        hidden('2025-02', 'reports'),
        hidden('2025-02', 'rereports_12m_share'),
        hidden('2025-02', 'clock_met_share:handover_accepted'),
        hidden('2025-02', 'days_handover_to_acceptance_p50'),
        hidden('2025-02', 'handovers_accepted_in_time_share'),
        hidden('2025-02', 'handover_meetings_family_present_share'),
      ].sort(byKey),
    );
    const names = res.body.definitions.map((d: { indicator: string }) => d.indicator);
    for (const row of res.body.rows) expect(names).toContain(row.indicator);
    expect(res.body.definitions.every((d: { description: string }) => !/NOT YET/.test(d.description))).toBe(true);
  });

  /**
   * Re-reports and aftercare, June 2025 (P1..P6 reported Mon 06-02 10:00). Earlier cases: E1 closed
   * 2025-01-10, E2 closed 2024-05-01 (13 months before), E3 closed 2025-05-01. Links: P1→E1 and
   * E3→P3 re-reports (count), P2→E2 re-report (too long ago), P4→E1 same family (not a re-report):
   * 2 of 6 = 0.3333. Aftercare 6m done: yes, yes, yes, no, unknown (P1..P5; P6's still planned):
   * 3 of 5 = 0.6. 12m done: four yes: suppressed.
   */
  it('computes re-reports within 12 months and aftercare outcomes by hand', async () => {
    const closedCase = async (reportedAt: string, closedAt: string) => {
      const id = await newCase(reportedAt);
      await ctx.db.query(`UPDATE cases SET status = 'closed', closed_at = $2, closed_by = $3, close_reason = 'done' WHERE id = $1`, [
        id,
        closedAt,
        professional.id,
      ]);
      return id;
    };
    const e1 = await closedCase('2024-12-01T10:00:00Z', '2025-01-10T10:00:00Z');
    const e2 = await closedCase('2024-03-01T10:00:00Z', '2024-05-01T10:00:00Z');
    const e3 = await closedCase('2025-04-01T10:00:00Z', '2025-05-01T10:00:00Z');
    const june: string[] = [];
    for (let i = 0; i < 6; i++) june.push(await newCase('2025-06-02T10:00:00.000Z'));
    const link = (from: string, to: string, kind: string) =>
      ctx.db.query(`INSERT INTO case_links (case_id, linked_case_id, kind, linked_by, linked_at) VALUES ($1, $2, $3, $4, now())`, [
        from,
        to,
        kind,
        coordinator.id,
      ]);
    await link(june[0], e1, 'rereport');
    await link(june[1], e2, 'rereport');
    await link(e3, june[2], 'rereport');
    await link(june[3], e1, 'same_family');
    const check = (caseId: string, months: number, stopped: string | null) =>
      ctx.db.query(
        `INSERT INTO follow_ups (case_id, kind, scheduled_at, assignee_id, created_by, created_at, updated_at, status, closed_at, aftercare_months,
           aftercare_outcome)
         VALUES ($1, 'aftercare', '2025-12-02T10:00:00Z', $2, $2, now(), now(), $3, CASE WHEN $3 = 'done' THEN now() END, $4, $5)`,
        [
          caseId,
          professional.id,
          stopped ? 'done' : 'planned',
          months,
          stopped ? JSON.stringify({ violenceStopped: stopped, safetyExperienced: 7 }) : null,
        ],
      );
    for (const [i, stopped] of ['yes', 'yes', 'yes', 'no', 'unknown', null].entries()) await check(june[i], 6, stopped);
    for (let i = 0; i < 4; i++) await check(june[i], 12, 'yes');

    const res = await get(analyst, `from=2025-06-01T00:00:00.000Z&to=2025-07-01T00:00:00.000Z`);
    expect(res.status).toBe(200);
    expect([...res.body.rows].sort(byKey)).toEqual(
      [
        shown('2025-06', 'reports', 6, 6),
        shown('2025-06', 'rereports_12m_share', 0.3333, 6),
        shown('2025-06', 'aftercare_violence_stopped_share:6m', 0.6, 5),
        hidden('2025-06', 'aftercare_violence_stopped_share:12m'),
      ].sort(byKey),
    );
  });

  it('groups by urgency: the handover figures of five handovers are shown', async () => {
    const res = await get(analyst, `from=${FROM}&to=${TO}&groupBy=urgency`);
    expect(res.status).toBe(200);
    const of = (indicator: string) => res.body.rows.find((r: { indicator: string }) => r.indicator === indicator);
    expect(of('reports')).toEqual(shown('regular', 'reports', 10, 10));
    expect(of('days_handover_to_acceptance_p50')).toEqual(shown('regular', 'days_handover_to_acceptance_p50', 2, 5));
    expect(of('handovers_accepted_in_time_share')).toEqual(shown('regular', 'handovers_accepted_in_time_share', 0.8, 5));
    expect(of('handover_meetings_family_present_share')).toEqual(shown('regular', 'handover_meetings_family_present_share', 0.6, 5));
    expect(of('clock_met_share:handover_accepted')).toEqual(shown('regular', 'clock_met_share:handover_accepted', 0.8, 5));
  });

  it('groups by municipality and violence type, unknown where none is recorded', async () => {
    const res = await get(coordinator, `from=${FROM}&to=${TO}&groupBy=municipality`);
    const reports = res.body.rows.filter((r: { indicator: string }) => r.indicator === 'reports');
    // unknown: J6 and F1..F4.
    expect(reports).toEqual([shown('GM0363', 'reports', 5, 5), shown('unknown', 'reports', 5, 5)]);
    const types = await get(coordinator, `from=${FROM}&to=${TO}&groupBy=violenceType`);
    expect(types.body.rows.filter((r: { indicator: string }) => r.indicator === 'reports')).toEqual([
      shown('neglect', 'reports', 5, 5),
      shown('unknown', 'reports', 5, 5),
    ]);
    const quarter = await get(coordinator, `from=${FROM}&to=${TO}&groupBy=quarter`);
    expect(quarter.body.rows.find((r: { indicator: string }) => r.indicator === 'reports')).toEqual(shown('2025-Q1', 'reports', 10, 10));
  });

  it('answers CSV with the same rows', async () => {
    const res = await get(coordinator, `from=${FROM}&to=${TO}&groupBy=urgency&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('group,indicator,value,n,suppressed');
    expect(lines).toContain('regular,reports,10,10,false');
    expect(lines).toContain('regular,days_report_to_intake_p90,6.2,5,true'.replace(',true', ',false'));
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+31 6', "'+31 6"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a;b', '"a;b"'],
    ['a,b', '"a,b"'],
    ['\tx', "'\tx"],
    ['GM0363', 'GM0363'],
  ])('CSV cell %j is written %s (no formula for , or ; readers)', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('reads clocks from a summary that the writes of the fixture kept equal to case_clock_rows', async () => {
    expect(await ctx.db.query(`SELECT case_clock_summary_drift()::int AS drift`)).toEqual([{ drift: 0 }]);
  });

  it('is for coordinators and analysts only (403), audited as monitoring.read for administration', async () => {
    problemOf(await get(professional, `from=${FROM}&to=${TO}`), 403);
    await get(analyst, `from=${FROM}&to=${TO}`).expect(200);
    const [audit] = await ctx.db.query<{ action: string; purpose: string; outcome: string }>(
      `SELECT action, purpose, outcome FROM audit_events WHERE actor_id = $1 ORDER BY seq DESC LIMIT 1`,
      [analyst.id],
    );
    expect(audit).toEqual({ action: 'monitoring.read', purpose: 'administration', outcome: 'success' });
  });

  it.each([
    ['groupBy=week', 'groupBy'],
    ['format=xml', 'format'],
    ['from=yesterday', 'from'],
    ['to=2024-01-01T00:00:00Z', 'to'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const params = new URLSearchParams({ from: FROM, to: TO });
    const [k, v] = query.split('=');
    params.set(k, v);
    const problem = problemOf(await get(coordinator, params.toString()), 400);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });
});
