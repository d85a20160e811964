import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fireDueTimers } from '@oneroof/platform';
import type { TestContext, TestUser } from '@oneroof/testing';

/** Shared by test/intake*.e2e-spec.ts and test/follow-ups*.e2e-spec.ts. */
export const http = (ctx: TestContext) => request(ctx.app.getHttpServer());

export const minutes = (n: number) => n * 60_000;
export const isoIn = (ctx: TestContext, ms: number) => new Date(ctx.clock.now().getTime() + ms).toISOString();

export interface TestCase {
  id: string;
  reference: string;
  childId: string;
  parentId: string;
}

/** Opens a case as `lead` with a child victim and a parent, and puts `members` on the team. */
export async function openCase(
  ctx: TestContext,
  lead: TestUser,
  members: TestUser[],
  names = { child: 'Sanne', parent: 'Pieter' },
): Promise<TestCase> {
  const opened = await http(ctx)
    .post('/api/cases')
    .set('Authorization', lead.auth)
    .send({
      urgency: 'acute',
      source: 'police',
      summary: 'Disclosure by a child at school',
      persons: [
        { firstName: names.child, lastName: 'Jansen', familyRole: 'child', involvement: 'victim', dateOfBirth: '2016-04-02' },
        { firstName: names.parent, lastName: 'Jansen', familyRole: 'parent', involvement: 'alleged_perpetrator' },
      ],
    });
  if (opened.status !== 201) throw new Error(`open case: ${opened.status} ${opened.text}`);
  for (const member of members) {
    const added = await http(ctx).post(`/api/cases/${opened.body.id}/team`).set('Authorization', lead.auth).send({ userId: member.id });
    if (added.status !== 201) throw new Error(`add member: ${added.status} ${added.text}`);
  }
  // Persons created in one request share created_at, so the answer's order is by id: find them by role.
  const persons = opened.body.persons as { id: string; familyRole: string }[];
  const childId = persons.find((p) => p.familyRole === 'child')!.id;
  const parentId = persons.find((p) => p.familyRole === 'parent')!.id;
  return { id: opened.body.id, reference: opened.body.reference, childId, parentId };
}

export const interviewBody = (personId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  kind: 'studio',
  conductedAt: new Date(Date.now() - minutes(120)).toISOString(),
  durationMinutes: 45,
  location: 'Studio 2, Haarlem',
  recordingReference: `REC-${randomUUID().slice(0, 8)}`,
  summary: 'An interview summary',
  ...overrides,
});

export const examinationBody = (personId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  examinedAt: new Date(Date.now() - minutes(60)).toISOString(),
  context: 'forensic',
  consent: { givenBy: 'mother', basis: 'informed consent of the custodial parent' },
  findings: [{ bodyRegion: 'left upper arm', kind: 'bruise', sizeMm: 25, description: 'a finding' }],
  conclusion: 'consistent_with_inflicted',
  evidence: [{ reference: 'EV-2026-0001', sha256: 'a'.repeat(64) }],
  ...overrides,
});

export const assessmentBody = (overrides: Record<string, unknown> = {}) => ({
  instrument: 'LIRIK',
  answers: { q1: 'yes', q2: 3 },
  judgement: 'A reasoned judgement',
  safety: 'conditionally_safe',
  ...overrides,
});

export async function outboxEvents(
  ctx: TestContext,
  type: string,
  caseId?: string,
): Promise<{ id: string; payload: Record<string, unknown> }[]> {
  return ctx.db.query(`SELECT id, payload FROM outbox_events WHERE type = $1 AND ($2::uuid IS NULL OR case_id = $2) ORDER BY seq`, [
    type,
    caseId ?? null,
  ]);
}

export async function count(ctx: TestContext, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await ctx.db.query<{ n: string }>(sql, params);
  return Number(row.n);
}

/** What the worker's timer loop does, by the test clock. */
export async function fireTimers(ctx: TestContext): Promise<string[]> {
  return ctx.db.transaction((tx) => fireDueTimers(tx, ctx.clock.now(), 1000));
}
