import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';

/**
 * design.md §3 as a table: every kind of caller against every part of a case, reading and writing.
 * Each cell asserts the exact status and that no text the caller may not see is in the body.
 */
type ActorName =
  'lead' | 'policeMember' | 'forensicMember' | 'coordinator' | 'outsider' | 'emergencyHolder' | 'receiver' | 'deactivated' | 'noToken';
type Cell =
  | 'case:read'
  | 'case:write'
  | 'persons:read'
  | 'persons:write'
  | 'team:read'
  | 'team:write'
  | 'teamEntries:read'
  | 'teamEntries:write'
  | 'disciplineEntries:read'
  | 'disciplineEntries:write'
  | 'timeline:read'
  | 'audit:read'
  | 'accessLog:read'
  | 'personAccessLog:read';

// Columns: case r/w, persons r/w, team r/w, team entries r/w, discipline entries r/w, timeline r, audit r, access log r, person access log r.
const MATRIX: Record<ActorName, number[]> = {
  lead: [200, 200, 200, 201, 200, 201, 200, 201, 200, 201, 200, 403, 403, 403],
  policeMember: [200, 200, 200, 201, 200, 403, 200, 201, 200, 201, 200, 403, 403, 403],
  forensicMember: [200, 200, 200, 201, 200, 403, 200, 201, 200, 201, 200, 403, 403, 403],
  coordinator: [200, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 200, 200],
  outsider: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 403, 403],
  emergencyHolder: [200, 403, 200, 403, 200, 403, 200, 403, 200, 403, 200, 403, 403, 403],
  receiver: [200, 403, 200, 403, 200, 403, 200, 403, 200, 403, 200, 403, 403, 403],
  deactivated: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  noToken: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
};
const CELLS: Cell[] = [
  'case:read',
  'case:write',
  'persons:read',
  'persons:write',
  'team:read',
  'team:write',
  'teamEntries:read',
  'teamEntries:write',
  'disciplineEntries:read',
  'disciplineEntries:write',
  'timeline:read',
  'audit:read',
  'accessLog:read',
  'personAccessLog:read',
];

describe('case access matrix (design.md §3)', () => {
  let ctx: TestContext;
  let caseId: string;
  let personId: string;
  const actors = {} as Record<Exclude<ActorName, 'noToken'>, TestUser>;
  const secret = {
    confidentialAddress: `Geheim adres ${randomUUID()}`,
    teamNote: `TEAM-NOTE-${randomUUID()}`,
    policeNote: `POLICE-ONLY-${randomUUID()}`,
    forensicNote: `FORENSIC-ONLY-${randomUUID()}`,
  };
  const http = () => request(ctx.app.getHttpServer());
  const as = (req: request.Test, actor: ActorName) => (actor === 'noToken' ? req : req.set('Authorization', actors[actor].auth));

  beforeAll(async () => {
    ctx = await createTestApp();
    actors.lead = await ctx.factory.user({ discipline: 'social_work' });
    actors.policeMember = await ctx.factory.user({ discipline: 'police' });
    actors.forensicMember = await ctx.factory.user({ discipline: 'forensic_medicine' });
    actors.coordinator = await ctx.factory.coordinator({ discipline: 'social_work' });
    actors.outsider = await ctx.factory.user({ discipline: 'police' });
    actors.emergencyHolder = await ctx.factory.user({ discipline: 'youth_care' });
    actors.receiver = await ctx.factory.user({ discipline: 'social_work' });
    actors.deactivated = await ctx.factory.user({ discipline: 'police' });

    const opened = await as(http().post('/api/cases'), 'lead').send({
      urgency: 'acute',
      source: 'veilig_thuis',
      summary: 'Report from school about bruises',
      persons: [
        {
          firstName: 'Sanne',
          lastName: 'Jansen',
          familyRole: 'child',
          involvement: 'victim',
          confidentialAddress: secret.confidentialAddress,
        },
      ],
    });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    personId = opened.body.persons[0].id;
    for (const member of ['policeMember', 'forensicMember', 'deactivated'] as const) {
      expect((await as(http().post(`/api/cases/${caseId}/team`), 'lead').send({ userId: actors[member].id })).status).toBe(201);
    }
    const entries = [
      { actor: 'lead', visibility: 'team', body: secret.teamNote },
      { actor: 'policeMember', visibility: 'discipline', body: secret.policeNote },
      { actor: 'forensicMember', visibility: 'discipline', body: secret.forensicNote },
    ] as const;
    for (const entry of entries) {
      const res = await as(http().post(`/api/cases/${caseId}/entries`), entry.actor).send({
        visibility: entry.visibility,
        kind: 'observation',
        body: entry.body,
        personIds: [personId],
      });
      expect(res.status).toBe(201);
    }
    const glass = await as(http().post(`/api/cases/${caseId}/emergency-access`), 'emergencyHolder').send({
      reason: 'Child brought to the emergency room tonight, need the history',
    });
    expect(glass.status).toBe(201);
    // The handover context is not built yet; an open handover row is what access looks at.
    await ctx.db.query(
      `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at) VALUES ($1, $2, $3, 'proposed', now())`,
      [caseId, actors.lead.id, actors.receiver.id],
    );
    await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [actors.deactivated.id]);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  async function version(): Promise<number> {
    const [row] = await ctx.db.query<{ version: number }>(`SELECT version FROM cases WHERE id = $1`, [caseId]);
    return row.version;
  }

  async function perform(actor: ActorName, cell: Cell): Promise<Response> {
    switch (cell) {
      case 'case:read':
      case 'persons:read':
      case 'team:read':
        return as(http().get(`/api/cases/${caseId}`), actor);
      case 'case:write':
        return as(http().patch(`/api/cases/${caseId}`), actor).send({ version: await version(), summary: `changed by ${actor}` });
      case 'persons:write':
        return as(http().post(`/api/cases/${caseId}/persons`), actor).send({
          firstName: 'Tom',
          lastName: 'Jansen',
          familyRole: 'sibling',
          involvement: 'witness',
        });
      case 'team:write': {
        const newcomer = await ctx.factory.user({ discipline: 'mental_health' });
        return as(http().post(`/api/cases/${caseId}/team`), actor).send({ userId: newcomer.id });
      }
      case 'teamEntries:read':
      case 'disciplineEntries:read':
        return as(http().get(`/api/cases/${caseId}/entries`), actor);
      case 'teamEntries:write':
        return as(http().post(`/api/cases/${caseId}/entries`), actor).send({ visibility: 'team', kind: 'note', body: 'a note' });
      case 'disciplineEntries:write':
        return as(http().post(`/api/cases/${caseId}/entries`), actor).send({
          visibility: 'discipline',
          kind: 'note',
          body: 'a discipline note',
        });
      case 'timeline:read':
        return as(http().get(`/api/cases/${caseId}/timeline`), actor);
      case 'audit:read':
        return as(http().get(`/api/audit/events?caseId=${caseId}`), actor);
      case 'accessLog:read':
        return as(http().get(`/api/cases/${caseId}/access-log`), actor);
      case 'personAccessLog:read':
        return as(http().get(`/api/persons/${personId}/access-log`), actor);
    }
  }

  /** What of the restricted texts this caller may find anywhere in a successful case read. */
  function mayRead(actor: ActorName, cell: Cell): (keyof typeof secret)[] {
    const contentCells: Cell[] = ['teamEntries:read', 'disciplineEntries:read', 'timeline:read'];
    const headerCells: Cell[] = ['case:read', 'case:write', 'persons:read', 'team:read'];
    const allowed: (keyof typeof secret)[] = [];
    if (headerCells.includes(cell) && !['outsider', 'deactivated', 'noToken'].includes(actor)) allowed.push('confidentialAddress');
    if (contentCells.includes(cell) && ['lead', 'policeMember', 'forensicMember', 'emergencyHolder', 'receiver'].includes(actor)) {
      allowed.push('teamNote');
      if (actor === 'policeMember') allowed.push('policeNote');
      if (actor === 'forensicMember') allowed.push('forensicNote');
    }
    return allowed;
  }

  const table = (Object.keys(MATRIX) as ActorName[]).flatMap((actor) => CELLS.map((cell, i) => [actor, cell, MATRIX[actor][i]] as const));

  it.each(table)('%s %s → %i', async (actor, cell, status) => {
    const res = await perform(actor, cell);
    if (status >= 400) problemOf(res, status);
    expect(res.status).toBe(status);
    const text = res.text;
    for (const key of Object.keys(secret) as (keyof typeof secret)[]) {
      const visible = text.includes(secret[key]);
      if (!mayRead(actor, cell).includes(key)) expect({ key, visible }).toEqual({ key, visible: false });
    }
    // Where the caller may read a restricted text, it must actually be there (the masking is not over-eager).
    if (status === 200 && (cell === 'disciplineEntries:read' || cell === 'timeline:read')) {
      for (const key of mayRead(actor, cell)) expect({ key, visible: text.includes(secret[key]) }).toEqual({ key, visible: true });
    }
    if (status === 200 && cell === 'team:read') expect(res.body.team.map((m: { userId: string }) => m.userId)).toContain(actors.lead.id);
    if (status === 200 && cell === 'persons:read') expect(res.body.persons[0].id).toBe(personId);
    expect(text).not.toMatch(/password|passwordHash|password_hash|scrypt\$/i);
  });

  it('puts a refusal by role on record, naming the case or person of the URL', async () => {
    const count = async (sql: string, params: unknown[]) =>
      (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE ${sql}`, params))[0].n;
    const where = `actor_id = $1 AND action = 'route.denied' AND outcome = 'denied'`;
    const caseBefore = await count(`${where} AND case_id = $2`, [actors.policeMember.id, caseId]);
    const personBefore = await count(`${where} AND person_ids @> ARRAY[$2::uuid]`, [actors.policeMember.id, personId]);
    problemOf(await perform('policeMember', 'accessLog:read'), 403);
    problemOf(await perform('policeMember', 'personAccessLog:read'), 403);
    expect(await count(`${where} AND case_id = $2`, [actors.policeMember.id, caseId])).toBe(caseBefore + 1);
    expect(await count(`${where} AND person_ids @> ARRAY[$2::uuid]`, [actors.policeMember.id, personId])).toBe(personBefore + 1);
  });

  it('answers an outsider exactly as for an id never issued', async () => {
    const outsider = await as(http().get(`/api/cases/${caseId}`), 'outsider');
    const never = await as(http().get(`/api/cases/${randomUUID()}`), 'outsider');
    const strip = (r: Response) => ({ ...problemOf(r, 404), requestId: undefined });
    expect(strip(outsider)).toEqual(strip(never));
  });

  it('records the purpose of each kind of access in the audit trail', async () => {
    const expectations: [ActorName, string][] = [
      ['policeMember', 'team_member'],
      ['coordinator', 'coordinator_oversight'],
      ['emergencyHolder', 'emergency_access'],
      ['receiver', 'prospective_receiver'],
    ];
    for (const [actor, purpose] of expectations) {
      const before = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [
        actors[actor as 'lead'].id,
      ]);
      expect((await as(http().get(`/api/cases/${caseId}`), actor)).status).toBe(200);
      const rows = await ctx.db.query<{ action: string; purpose: string; outcome: string; case_id: string; person_ids: string[] }>(
        `SELECT action, purpose, outcome, case_id, person_ids FROM audit_events WHERE actor_id = $1 ORDER BY seq DESC`,
        [actors[actor as 'lead'].id],
      );
      expect(rows.length).toBe(before[0].n + 1);
      expect(rows[0]).toMatchObject({ action: 'case.read', purpose, outcome: 'success', case_id: caseId });
      expect(rows[0].person_ids).toContain(personId);
    }
    const denied = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' AND case_id = $2`,
      [actors.outsider.id, caseId],
    );
    expect(denied[0].n).toBeGreaterThanOrEqual(11);
  });

  it('lists only the cases a caller may see', async () => {
    const other = await as(http().post('/api/cases'), 'outsider').send({ urgency: 'regular', source: 'school', summary: 'another family' });
    expect(other.status).toBe(201);
    const ids = async (actor: ActorName) => {
      const res = await as(http().get('/api/cases?limit=200'), actor);
      expect(res.status).toBe(200);
      return res.body.items.map((c: { id: string }) => c.id) as string[];
    };
    expect(await ids('policeMember')).toEqual([caseId]);
    expect(await ids('emergencyHolder')).toEqual([caseId]);
    expect(await ids('receiver')).toEqual([caseId]);
    expect(await ids('outsider')).toEqual([other.body.id]);
    expect((await ids('coordinator')).sort()).toEqual([caseId, other.body.id].sort());
    expect((await as(http().get('/api/cases?status=closed'), 'coordinator')).body.items).toEqual([]);
    expect((await as(http().get('/api/cases?urgency=acute'), 'coordinator')).body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });
});

describe('emergency access (noodknop)', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let caseId: string;
  const http = () => request(ctx.app.getHttpServer());
  const reason = 'Child admitted to A&E at night, history needed now';

  beforeAll(async () => {
    ctx = await createTestApp({ EMERGENCY_ACCESS_MINUTES: '30' });
    lead = await ctx.factory.user({ discipline: 'social_work' });
    const opened = await http()
      .post('/api/cases')
      .set('Authorization', lead.auth)
      .send({ urgency: 'urgent', source: 'medical', summary: 'x' });
    caseId = opened.body.id;
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('opens a case read-only for the configured time, then closes it again', async () => {
    const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    expect((await http().get(`/api/cases/${caseId}`).set('Authorization', doctor.auth)).status).toBe(404);
    const glass = await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', doctor.auth).send({ reason });
    expect(glass.status).toBe(201);
    const minutes = (Date.parse(glass.body.expiresAt) - Date.parse(glass.body.grantedAt)) / 60000;
    expect(minutes).toBe(30);
    expect(glass.body).toMatchObject({ caseId, userId: doctor.id, reason, review: null });
    expect((await http().get(`/api/cases/${caseId}`).set('Authorization', doctor.auth)).status).toBe(200);
    expect((await http().get(`/api/cases/${caseId}/entries`).set('Authorization', doctor.auth)).status).toBe(200);
    problemOf(
      await http()
        .post(`/api/cases/${caseId}/entries`)
        .set('Authorization', doctor.auth)
        .send({ visibility: 'team', kind: 'note', body: 'x' }),
      403,
    );
    const outbox = await ctx.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE type = 'emergency_access.granted' AND case_id = $1`,
      [caseId],
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0].payload).toMatchObject({ grantId: glass.body.id, userId: doctor.id });
    const grantAudit = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'emergency_access.grant' AND actor_id = $1 AND purpose = 'emergency_access' AND outcome = 'success'`,
      [doctor.id],
    );
    expect(grantAudit).toHaveLength(1);

    ctx.clock.advance(31 * 60_000);
    try {
      problemOf(await http().get(`/api/cases/${caseId}`).set('Authorization', doctor.auth), 404);
    } finally {
      ctx.clock.reset();
    }
  });

  it('refuses a short reason, a team member, a case that does not exist, and a non-professional', async () => {
    const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    const short = problemOf(
      await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', doctor.auth).send({ reason: 'too short' }),
      400,
    );
    expect(short.errors?.map((e) => e.field)).toEqual(['reason']);
    problemOf(await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', lead.auth).send({ reason }), 409);
    problemOf(await http().post(`/api/cases/${randomUUID()}/emergency-access`).set('Authorization', doctor.auth).send({ reason }), 404);
    const admin = await ctx.factory.admin();
    // A non-professional gets the same answer for a real case and for an id never issued.
    const forReal = problemOf(
      await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', admin.auth).send({ reason }),
      403,
    );
    const forNone = problemOf(
      await http().post(`/api/cases/${randomUUID()}/emergency-access`).set('Authorization', admin.auth).send({ reason }),
      403,
    );
    expect({ ...forReal, requestId: undefined }).toEqual({ ...forNone, requestId: undefined });
    const grants = await ctx.db.query(`SELECT 1 FROM emergency_access_grants WHERE user_id IN ($1, $2, $3)`, [
      doctor.id,
      lead.id,
      admin.id,
    ]);
    expect(grants).toHaveLength(0);
  });

  it('is reviewed once by a coordinator, never by the user who broke the glass', async () => {
    const police = await ctx.factory.user({ discipline: 'police', roles: ['professional', 'coordinator'] });
    const glass = await http().post(`/api/cases/${caseId}/emergency-access`).set('Authorization', police.auth).send({ reason });
    expect(glass.status).toBe(201);
    const coordinator = await ctx.factory.coordinator();
    const pending = await http().get('/api/emergency-access?reviewed=false').set('Authorization', coordinator.auth);
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((g: { id: string }) => g.id)).toContain(glass.body.id);
    problemOf(
      await http()
        .post(`/api/emergency-access/${glass.body.id}/review`)
        .set('Authorization', police.auth)
        .send({ verdict: 'justified', note: 'mine' }),
      403,
    );
    problemOf(
      await http()
        .post(`/api/emergency-access/${glass.body.id}/review`)
        .set('Authorization', lead.auth)
        .send({ verdict: 'justified', note: 'x' }),
      403,
    );
    const bad = problemOf(
      await http()
        .post(`/api/emergency-access/${glass.body.id}/review`)
        .set('Authorization', coordinator.auth)
        .send({ verdict: 'maybe', note: 'x' }),
      400,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(['verdict']);
    const reviewed = await http()
      .post(`/api/emergency-access/${glass.body.id}/review`)
      .set('Authorization', coordinator.auth)
      .send({ verdict: 'unjustified', note: 'No acute need' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.review).toMatchObject({ verdict: 'unjustified', note: 'No acute need', reviewedBy: coordinator.id });
    problemOf(
      await http()
        .post(`/api/emergency-access/${glass.body.id}/review`)
        .set('Authorization', coordinator.auth)
        .send({ verdict: 'justified', note: 'again' }),
      409,
    );
    problemOf(
      await http()
        .post(`/api/emergency-access/${randomUUID()}/review`)
        .set('Authorization', coordinator.auth)
        .send({ verdict: 'justified', note: 'x' }),
      404,
    );
    const done = await http().get('/api/emergency-access?reviewed=false').set('Authorization', coordinator.auth);
    expect(done.body.items.map((g: { id: string }) => g.id)).not.toContain(glass.body.id);
  });
});
