import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import { http, interviewBody, openCase, type TestCase } from './intake-support';

/** Issue 13, design.md §8 "tell once": the supplementary-interview rule, sameInterviewer, audit and timeline. */
describe('tell once', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let police: TestUser;
  let police2: TestUser;
  let c: TestCase;
  const post = (user: TestUser, body: object) => http(ctx).post(`/api/cases/${c.id}/interviews`).set('Authorization', user.auth).send(body);
  const count = async () =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake_interviews WHERE case_id = $1`, [c.id]))[0].n;
  const SUPPLEMENTARY = { reason: 'New facts after the medical examination', approvedBy: 'Officier van justitie mr. De Boer' };

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    police = await ctx.factory.user({ discipline: 'police' });
    police2 = await ctx.factory.user({ discipline: 'police' });
    c = await openCase(ctx, lead, [police, police2]);
  });
  afterAll(() => ctx.close());

  it('takes a first interview without supplementary, and refuses a supplementary claim for it (422)', async () => {
    const claimed = problemOf(await post(police, { ...interviewBody(c.childId), supplementary: SUPPLEMENTARY }), 422);
    expect(claimed.errors?.map((e) => e.field)).toEqual(['supplementary']);
    const first = await post(police, interviewBody(c.childId, { interviewerIds: [police.id] }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ supplementary: null, sameInterviewer: false });
  });

  it('refuses a further interview of the child without supplementary: 422 naming it, nothing written', async () => {
    const before = await count();
    for (const kind of ['studio', 'witness']) {
      const problem = problemOf(await post(police, interviewBody(c.childId, { kind, interviewerIds: [police2.id] })), 422);
      expect(problem.code).toBe('SUPPLEMENTARY_REQUIRED');
      expect(problem.errors?.map((e) => e.field)).toEqual(['supplementary']);
    }
    problemOf(await post(police, { ...interviewBody(c.childId), supplementary: { reason: 'x' } }), 400);
    expect(await count()).toBe(before);
  });

  it.each([
    ['another interviewer', () => [police2.id], false],
    ['the same interviewer among others', () => [police2.id, police.id], true],
  ])('takes it with supplementary, by %s: sameInterviewer %s, in audit and timeline', async (_name, interviewers, same) => {
    const res = await post(police, { ...interviewBody(c.childId, { interviewerIds: interviewers() }), supplementary: SUPPLEMENTARY });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ supplementary: SUPPLEMENTARY, sameInterviewer: same });
    const [audit] = await ctx.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE resource_id = $1`, [res.body.id]);
    expect(audit.action).toBe('interview.create_supplementary');
    const timeline = await http(ctx).get(`/api/cases/${c.id}/timeline?limit=100`).set('Authorization', police.auth);
    const item = timeline.body.items.find((t: { subjectId: string }) => t.subjectId === res.body.id);
    expect(item.detail).toMatchObject({ supplementary: SUPPLEMENTARY, sameInterviewer: same });
  });

  it('an interview of an adult is never supplementary', async () => {
    expect((await post(police, interviewBody(c.parentId, { kind: 'studio' }))).status).toBe(201);
    expect((await post(police, interviewBody(c.parentId, { kind: 'suspect' }))).status).toBe(201);
  });

  it('shows the supplementary fields only to police (others see the head)', async () => {
    const list = await http(ctx).get(`/api/cases/${c.id}/interviews`).set('Authorization', lead.auth);
    expect(list.status).toBe(200);
    for (const item of list.body.items) expect(item).toMatchObject({ restricted: true, supplementary: null, sameInterviewer: null });
  });
});
