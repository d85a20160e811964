import { analystDecision } from '@oneroof/identity';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { assessmentBody, examinationBody, http, interviewBody, isoIn, minutes, openCase, type TestCase } from './intake-support';

/**
 * Issue 13, design.md §8 and §3: an analyst sees figures only. A route about one case (or one of its
 * persons, handovers, follow-ups, grants) answers 404 exactly as for an id never issued; every other
 * case, person or audit route 403. Decided once (analyst-policy.ts, the RolesGuard, the CaseGate).
 */
const NEVER_ISSUED = '3f8e2a1b-7c6d-4e5f-9a0b-1c2d3e4f5a6b';
const CHECKLIST = {
  safetySituation: 'Mother and children stay with the grandmother',
  risks: 'Father still has a key to the house',
  safetyAgreements: 'No unsupervised contact with the father',
  openActions: 'Talk with the school mentor on Thursday',
  involvedProfessionals: 'GP, school mentor, Veilig Thuis',
  expectations: 'Weekly home visits for the first month',
  familyInformed: true,
};

describe('the analyst role', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let analyst: TestUser;
  let lead: TestUser;
  let stranger: TestUser;
  let c: TestCase;
  let ids: Record<'case' | 'person' | 'handover' | 'followUp' | 'grant' | 'record', string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.admin();
    analyst = await ctx.factory.user({ roles: ['analyst'] });
    lead = await ctx.factory.user({ discipline: 'police' });
    stranger = await ctx.factory.user({ discipline: 'police' });
    const receiver = await ctx.factory.user({ discipline: 'youth_care' });
    const doctor = await ctx.factory.user({ discipline: 'forensic_medicine' });
    c = await openCase(ctx, lead, []);
    const handover = await http(ctx)
      .post(`/api/cases/${c.id}/handovers`)
      .set('Authorization', lead.auth)
      .send({ toUserId: receiver.id, reason: 'Moving to the local team', checklist: CHECKLIST });
    expect(handover.status).toBe(201);
    const followUp = await http(ctx)
      .post(`/api/cases/${c.id}/follow-ups`)
      .set('Authorization', lead.auth)
      .send({ kind: 'home_visit', scheduledAt: isoIn(ctx, minutes(120)), assigneeId: lead.id });
    expect(followUp.status).toBe(201);
    const grant = await http(ctx)
      .post(`/api/cases/${c.id}/emergency-access`)
      .set('Authorization', doctor.auth)
      .send({ reason: 'Child brought to the emergency room tonight, need the history' });
    expect(grant.status).toBe(201);
    ids = {
      case: c.id,
      person: c.childId,
      handover: handover.body.id,
      followUp: followUp.body.id,
      grant: grant.body.id,
      record: NEVER_ISSUED,
    };
  });
  afterAll(() => ctx.close());

  it('is created by an admin, and only standing alone (422 naming roles)', async () => {
    const org = await ctx.factory.organisation();
    const body = {
      email: `analyst.${Date.now()}@region.nl`,
      name: 'Regional analyst',
      password: 'a long enough password 1',
      discipline: 'social_work',
      organisationId: org.id,
    };
    const made = await http(ctx)
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ ...body, roles: ['analyst'] });
    expect(made.status).toBe(201);
    expect(made.body.roles).toEqual(['analyst']);
    const combined = problemOf(
      await http(ctx)
        .post('/api/users')
        .set('Authorization', admin.auth)
        .send({ ...body, email: `x${body.email}`, roles: ['analyst', 'professional'] }),
      422,
    );
    expect(combined.errors?.map((e) => e.field)).toEqual(['roles']);
    const promoted = problemOf(
      await http(ctx)
        .patch(`/api/users/${lead.id}`)
        .set('Authorization', admin.auth)
        .send({ roles: ['professional', 'analyst'] }),
      422,
    );
    expect(promoted.errors?.map((e) => e.field)).toEqual(['roles']);
    await expect(ctx.db.query(`UPDATE users SET roles = '{analyst,coordinator}' WHERE id = $1`, [analyst.id])).rejects.toThrow(
      /users_roles_check/,
    );
  });

  it('cannot be put on a team or receive a handover', async () => {
    const added = problemOf(
      await http(ctx).post(`/api/cases/${c.id}/team`).set('Authorization', lead.auth).send({ userId: analyst.id }),
      422,
    );
    expect(added.errors?.map((e) => e.field)).toEqual(['userId']);
  });

  // [method, path template, expected status]. `:case` etc. are real ids of a case the analyst is not on.
  const ROUTES: [string, string, 403 | 404][] = [
    ['get', '/api/cases', 403],
    ['post', '/api/cases', 403],
    ['get', '/api/cases/:case', 404],
    ['patch', '/api/cases/:case', 404],
    ['post', '/api/cases/:case/close', 404],
    ['post', '/api/cases/:case/persons', 404],
    ['patch', '/api/cases/:case/persons/:person', 404],
    ['post', '/api/cases/:case/team', 404],
    ['delete', `/api/cases/:case/team/${NEVER_ISSUED}`, 404],
    ['post', '/api/cases/:case/entries', 404],
    ['get', '/api/cases/:case/entries', 404],
    ['get', '/api/cases/:case/timeline', 404],
    ['get', '/api/cases/:case/access-log', 403],
    ['get', '/api/persons/:person/access-log', 403],
    ['post', '/api/cases/:case/emergency-access', 403],
    ['post', '/api/emergency-access/:grant/review', 403],
    ['get', '/api/emergency-access', 403],
    ['post', '/api/cases/:case/handovers', 404],
    ['get', '/api/handovers', 403],
    ['get', '/api/handovers/:handover', 404],
    ['post', '/api/handovers/:handover/meeting', 404],
    ['post', '/api/handovers/:handover/accept', 404],
    ['post', '/api/handovers/:handover/decline', 404],
    ['post', '/api/handovers/:handover/withdraw', 404],
    ['post', '/api/cases/:case/follow-ups', 404],
    ['get', '/api/cases/:case/follow-ups', 404],
    ['patch', '/api/follow-ups/:followUp', 404],
    ['get', '/api/me/follow-ups', 403],
    ['post', '/api/me/follow-ups.ics/token', 403],
    ['post', '/api/cases/:case/intake', 404],
    ['get', '/api/cases/:case/intake', 404],
    ['post', '/api/cases/:case/intake/conclude', 404],
    ['post', '/api/cases/:case/interviews', 404],
    ['get', '/api/cases/:case/interviews', 404],
    ['post', '/api/cases/:case/interviews/:record/disclosure', 404],
    ['post', '/api/cases/:case/examinations', 404],
    ['get', '/api/cases/:case/examinations', 404],
    ['post', '/api/cases/:case/examinations/:record/disclosure', 404],
    ['post', '/api/cases/:case/assessments', 404],
    ['get', '/api/cases/:case/assessments', 404],
    ['get', '/api/audit/events', 403],
    ['get', '/api/audit/verify', 403],
    ['get', '/api/audit/handovers', 403],
    ['get', '/api/users', 403],
    ['get', '/api/admin/outbox/dead-letters', 403],
  ];
  const fill = (path: string, id?: string) =>
    path.replace(/:(case|person|handover|followUp|grant|record)\b/g, (_m, k: keyof typeof ids) => id ?? ids[k]);
  /** A valid body where it is cheap to make one, so that the answer is the access decision's, not validation's. */
  const bodyOf = (method: string, path: string): object => {
    const bodies: Record<string, object> = {
      'patch /api/cases/:case': { version: 1, summary: 'changed' },
      'post /api/cases/:case/close': { reason: 'done' },
      'post /api/cases/:case/persons': { firstName: 'A', lastName: 'B', familyRole: 'child', involvement: 'victim' },
      'patch /api/cases/:case/persons/:person': { firstName: 'C' },
      'post /api/cases/:case/team': { userId: lead.id },
      'post /api/cases/:case/entries': { visibility: 'team', kind: 'note', body: 'a note' },
      'post /api/cases/:case/handovers': { toUserId: lead.id, reason: 'Moving', checklist: CHECKLIST },
      'post /api/handovers/:handover/accept': { confirmInformed: true },
      'post /api/handovers/:handover/decline': { reason: 'No capacity' },
      'post /api/handovers/:handover/withdraw': { reason: 'Not needed' },
      'post /api/cases/:case/follow-ups': { kind: 'home_visit', scheduledAt: isoIn(ctx, minutes(60)), assigneeId: lead.id },
      'patch /api/follow-ups/:followUp': { version: 1, scheduledAt: isoIn(ctx, minutes(90)) },
      'post /api/cases/:case/interviews': interviewBody(ids.person),
      'post /api/cases/:case/examinations': examinationBody(ids.person),
      'post /api/cases/:case/assessments': assessmentBody(),
    };
    return bodies[`${method} ${path}`] ?? {};
  };
  const call = (user: TestUser, method: string, path: string, body: object = {}) => {
    const agent = http(ctx) as unknown as Record<string, (p: string) => import('supertest').Test>;
    return agent[method](path).set('Authorization', user.auth).send(body);
  };
  const comparable = (p: Record<string, unknown>) => ({ ...p, requestId: undefined, instance: undefined });

  it.each(ROUTES)('%s %s answers %s and records a denial', async (method, path, status) => {
    const before = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND outcome = 'denied'`,
      [analyst.id],
    );
    const body = bodyOf(method, path);
    const res = await call(analyst, method, fill(path), body);
    // Where no body is given, validation may answer first (400), the same for any outsider: never 2xx.
    const problem = problemOf(res, res.status === 400 && Object.keys(body).length === 0 && status === 404 ? 400 : status);
    if (status === 404) {
      // The very answer an id never issued gets, and an outsider professional's: the analyst learns nothing.
      const never = problemOf(await call(analyst, method, fill(path, NEVER_ISSUED), body), res.status);
      expect(comparable(problem)).toEqual(comparable(never));
      const outsider = problemOf(await call(stranger, method, fill(path), body), res.status);
      expect(comparable(problem)).toEqual(comparable(outsider));
    }
    const after = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND outcome = 'denied'`,
      [analyst.id],
    );
    if (res.status !== 400) expect(after[0].n).toBeGreaterThan(before[0].n);
  });

  it('still reaches its own account', async () => {
    expect((await http(ctx).get('/api/me').set('Authorization', analyst.auth)).status).toBe(200);
    expect((await http(ctx).get('/api/me/notifications').set('Authorization', analyst.auth)).status).toBe(200);
  });

  it.each([
    ['/api/cases', undefined, 'forbid'],
    ['/api/cases/:id', undefined, 'gate'],
    ['/api/cases/:id/', undefined, 'gate'],
    ['/api/persons/:id/access-log', ['coordinator'], 'forbid'],
    ['/api/monitoring/indicators', ['coordinator', 'analyst'], 'allow'],
    ['/api/me', undefined, 'allow'],
    ['/api/me/follow-ups', undefined, 'forbid'],
    ['/api/me/notifications/:id/read', undefined, 'allow'],
    ['/api/something-new', undefined, 'forbid'],
  ] as const)('policy: %s with roles %j is %s', (url, roles, decision) => {
    expect(analystDecision(url, roles as never)).toBe(decision);
  });
});
