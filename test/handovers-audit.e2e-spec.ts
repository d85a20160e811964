import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * The coordinators' handover audit (design.md §4) on a seeded set whose answers are known: rows
 * inserted with exact timestamps, so that median, p90 and the missed-deadline shares are exact.
 */
const HOUR = 60 * 60 * 1000;
const T = Date.parse('2026-01-05T09:00:00.000Z');
const at = (hours: number) => new Date(T + hours * HOUR);
const HOSTILE = '=HYPERLINK("http://evil.example","click")';

describe('handover audit report', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  let coordinator: TestUser;
  let sender: TestUser;
  let otherSender: TestUser;
  let toA: TestUser;
  let toB: TestUser;
  let caseRef: string;
  const ids: string[] = [];
  const report = (query = '', who: TestUser = coordinator) => http().get(`/api/audit/handovers${query}`).set('Authorization', who.auth);

  beforeAll(async () => {
    ctx = await createTestApp();
    const centre = await ctx.factory.organisation('centre', 'MDCK Kennemerland');
    const orgA = await ctx.factory.organisation('local_team', 'Local Team Noord');
    const orgB = await ctx.factory.organisation('veilig_thuis', 'Veilig Thuis Kennemerland, Haarlem');
    coordinator = await ctx.factory.coordinator();
    sender = await ctx.factory.user({ organisationId: centre.id, name: HOSTILE });
    otherSender = await ctx.factory.user({ organisationId: centre.id, name: 'Petra de Vries' });
    toA = await ctx.factory.user({ organisationId: orgA.id, name: 'Anna Bakker' });
    toB = await ctx.factory.user({ organisationId: orgB.id, name: 'Bram "B" Smit' });
    const opened = await http()
      .post('/api/cases')
      .set('Authorization', sender.auth)
      .send({ urgency: 'regular', source: 'family', summary: 'Seed' });
    expect(opened.status).toBe(201);
    caseRef = opened.body.reference;
    const caseId = opened.body.id;
    const farFuture = new Date(Date.now() + 10 * 24 * HOUR);
    // [from, to, status, proposed h, briefed h, accepted h, declined h, withdrawn h, respondBy, familyPresent, reason]
    const seed: [
      TestUser,
      TestUser,
      string,
      number,
      number | null,
      number | null,
      number | null,
      number | null,
      Date,
      boolean | null,
      string | null,
    ][] = [
      [sender, toA, 'accepted', 0, 2, 10, null, null, at(48), true, null], // 10 h, met
      [sender, toA, 'accepted', 24, 29, 54, null, null, at(48), false, null], // 30 h, missed
      [sender, toB, 'accepted', 48, 49, 68, null, null, at(68), true, null], // 20 h, met exactly at respondBy
      [sender, toB, 'declined', 72, null, null, 75, null, at(120), null, 'No capacity\n"full" until March'], // met
      [sender, toA, 'withdrawn', 96, null, null, null, 168, at(144), null, 'Family moved, abroad'], // missed
      [sender, toB, 'accepted', 120, 121, 160, null, null, at(168), false, null], // 40 h, met
      [sender, toA, 'proposed', 144, null, null, null, null, farFuture, null, null], // open, not yet due: null
      [otherSender, toB, 'proposed', 168, null, null, null, null, at(216), null, null], // open, past due: missed
    ];
    for (const [from, to, status, p, b, a, d, w, respondBy, familyPresent, reason] of seed) {
      const h = (hours: number | null) => (hours === null ? null : at(hours));
      const [row] = await ctx.db.query<{ id: string }>(
        `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, briefed_at, accepted_at, declined_at, withdrawn_at,
           respond_by, meeting, decline_reason, withdraw_reason, reason, checklist)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, 'seed', '{}'::jsonb) RETURNING id`,
        [
          caseId,
          from.id,
          to.id,
          status,
          at(p),
          h(b),
          h(a),
          h(d),
          h(w),
          respondBy,
          familyPresent === null
            ? null
            : JSON.stringify({ heldAt: h(b)!.toISOString(), participantIds: [from.id, to.id], familyPresent, notes: 'n' }),
          status === 'declined' ? reason : null,
          status === 'withdrawn' ? reason : null,
        ],
      );
      ids.push(row.id);
    }
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('gives one flat row per handover and the exact figures', async () => {
    const res = await report();
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { handoverId: string }) => r.handoverId)).toEqual(ids);
    expect(res.body.items[0]).toEqual({
      handoverId: ids[0],
      caseReference: caseRef,
      fromUserId: sender.id,
      fromName: HOSTILE,
      fromOrganisation: 'MDCK Kennemerland',
      toUserId: toA.id,
      toName: 'Anna Bakker',
      toOrganisation: 'Local Team Noord',
      status: 'accepted',
      proposedAt: at(0).toISOString(),
      briefedAt: at(2).toISOString(),
      acceptedAt: at(10).toISOString(),
      declinedAt: null,
      withdrawnAt: null,
      respondBy: at(48).toISOString(),
      hoursToBriefing: 2,
      hoursToAcceptance: 10,
      deadlineMet: true,
      familyPresent: true,
      declineReason: null,
      withdrawReason: null,
    });
    expect(res.body.items.map((r: { deadlineMet: boolean | null }) => r.deadlineMet)).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
      null,
      false,
    ]);
    expect(res.body.items.map((r: { hoursToAcceptance: number | null }) => r.hoursToAcceptance)).toEqual([
      10,
      30,
      20,
      null,
      null,
      40,
      null,
      null,
    ]);
    expect(res.body.items.map((r: { familyPresent: boolean | null }) => r.familyPresent)).toEqual([
      true,
      false,
      true,
      null,
      null,
      false,
      null,
      null,
    ]);
    expect(res.body.summary).toEqual({
      count: 8,
      medianHoursToAcceptance: 25,
      p90HoursToAcceptance: 37,
      deadlineMissedShare: 0.4286,
      perReceivingOrganisation: [
        { organisation: 'Local Team Noord', count: 4, accepted: 2, medianHoursToAcceptance: 20, deadlineMissedShare: 0.6667 },
        {
          organisation: 'Veilig Thuis Kennemerland, Haarlem',
          count: 4,
          accepted: 2,
          medianHoursToAcceptance: 30,
          deadlineMissedShare: 0.25,
        },
      ],
    });
  });

  it('filters on proposedAt, both bounds inclusive and optional', async () => {
    const both = await report(`?from=${at(24).toISOString()}&to=${at(72).toISOString()}`);
    expect(both.body.items.map((r: { handoverId: string }) => r.handoverId)).toEqual(ids.slice(1, 4));
    expect(both.body.summary).toMatchObject({ count: 3, medianHoursToAcceptance: 25, deadlineMissedShare: 0.3333 });
    expect((await report(`?from=${at(145).toISOString()}`)).body.items.map((r: { handoverId: string }) => r.handoverId)).toEqual(
      ids.slice(7),
    );
    expect((await report(`?to=${at(0).toISOString()}`)).body.items).toHaveLength(1);
    expect((await report(`?from=${at(500).toISOString()}`)).body.summary).toEqual({
      count: 0,
      medianHoursToAcceptance: null,
      p90HoursToAcceptance: null,
      deadlineMissedShare: null,
      perReceivingOrganisation: [],
    });
  });

  it('writes RFC 4180 CSV that no spreadsheet runs as a formula', async () => {
    const res = await report('?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.split('\r\n');
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines[9]).toBe('');
    expect(lines[0]).toBe(
      'handoverId,caseReference,fromUserId,fromName,fromOrganisation,toUserId,toName,toOrganisation,status,proposedAt,briefedAt,acceptedAt,' +
        'declinedAt,withdrawnAt,respondBy,hoursToBriefing,hoursToAcceptance,deadlineMet,familyPresent,declineReason,withdrawReason',
    );
    expect(lines[1]).toBe(
      [
        ids[0],
        caseRef,
        sender.id,
        `"'=HYPERLINK(""http://evil.example"",""click"")"`,
        'MDCK Kennemerland',
        toA.id,
        'Anna Bakker',
        'Local Team Noord',
        'accepted',
        at(0).toISOString(),
        at(2).toISOString(),
        at(10).toISOString(),
        '',
        '',
        at(48).toISOString(),
        '2',
        '10',
        'true',
        'true',
        '',
        '',
      ].join(','),
    );
    expect(lines[3]).toContain(`,"Bram ""B"" Smit","Veilig Thuis Kennemerland, Haarlem",`);
    expect(lines[4]).toMatch(/,"No capacity\n""full"" until March",$/);
    expect(lines[5]).toMatch(/,"Family moved, abroad"$/);
    // No cell of the file starts a formula.
    expect(res.text).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('is for coordinators only, and every report is one audit event', async () => {
    const count = async () =>
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE action = 'audit.handover_report' AND actor_id = $1 AND purpose = 'coordinator_oversight' AND outcome = 'success'`,
          [coordinator.id],
        )
      )[0].n;
    const before = await count();
    expect((await report()).status).toBe(200);
    expect((await report('?format=csv')).status).toBe(200);
    expect(await count()).toBe(before + 2);
    expect(problemOf(await report('', sender), 403).status).toBe(403);
    expect((await http().get('/api/audit/handovers')).status).toBe(401);
  });

  it.each([
    ['?from=yesterday', 'from'],
    ['?to=2026-13-01T00:00:00Z', 'to'],
    [`?from=${at(10).toISOString()}&to=${at(0).toISOString()}`, 'to'],
    ['?format=xlsx', 'format'],
    ['?colour=red', 'colour'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const body = problemOf(await report(query), 400);
    expect(body.errors!.map((e) => e.field)).toContain(field);
  });
});
