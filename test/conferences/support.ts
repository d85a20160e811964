import { NotificationProcessor } from '@oneroof/notifications';
import type { TestContext, TestUser } from '@oneroof/testing';
import { http, openCase, type TestCase } from '../intake-support';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** Shared by test/conferences/*.e2e-spec.ts. */
export const isoAt = (ms: number) => new Date(ms).toISOString();

/** How many audit events the work wrote: each read and write of case data is exactly one. */
export async function auditDelta<T>(ctx: TestContext, work: () => Promise<T>): Promise<{ result: T; events: AuditRow[] }> {
  const [{ max }] = await ctx.db.query<{ max: string | null }>(`SELECT max(seq)::text AS max FROM audit_events`);
  const result = await work();
  const events = await ctx.db.query<AuditRow>(
    `SELECT action, resource_type, resource_id, case_id, case_ids, person_ids, outcome, purpose, actor_id FROM audit_events
      WHERE seq > $1::bigint ORDER BY seq`,
    [max ?? '0'],
  );
  return { result, events };
}

export interface AuditRow {
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  /** The cases a read across cases returned (design issue 14). */
  case_ids: string[];
  person_ids: string[];
  outcome: string;
  purpose: string;
  actor_id: string;
}

/**
 * Turns every unprocessed outbox event into its notifications with the worker's own processor (what
 * the worker does after relaying them through BullMQ), twice, to show that a second run adds nothing.
 */
export async function deliverOutbox(ctx: TestContext): Promise<void> {
  const processor = new NotificationProcessor(ctx.db);
  const pending = await ctx.db.query<{ id: string; type: string }>(
    `SELECT id, type FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL ORDER BY seq`,
  );
  for (const event of pending) {
    await processor.process(event.id, event.type);
    await processor.process(event.id, event.type);
  }
}

/** Notifications of one kind for a case (of the events whose payload names `subject`, when given), as `recipientId title`, sorted. */
export async function notificationsOf(
  ctx: TestContext,
  kind: string,
  caseId: string,
  subject?: { field: string; id: string },
): Promise<string[]> {
  const rows = await ctx.db.query<{ recipient_id: string; title: string }>(
    `SELECT n.recipient_id, n.title FROM notifications n JOIN outbox_events o ON o.id = n.event_id
      WHERE n.kind = $1 AND n.case_id = $2 AND ($3::text IS NULL OR o.payload ->> $3::text = $4::text)
      ORDER BY n.recipient_id, n.title`,
    [kind, caseId, subject?.field ?? null, subject?.id ?? null],
  );
  return rows.map((r) => `${r.recipient_id} ${r.title}`);
}

export const expectFor = (users: TestUser[], title: string) => users.map((u) => `${u.id} ${title}`).sort();

export const call = (ctx: TestContext, user: TestUser) => ({
  get: (path: string) => http(ctx).get(path).set('Authorization', user.auth),
  post: (path: string, body: object = {}) => http(ctx).post(path).set('Authorization', user.auth).send(body),
  patch: (path: string, body: object = {}) => http(ctx).patch(path).set('Authorization', user.auth).send(body),
});

/** openCase, with the child (victim) and the parent (alleged perpetrator) told apart by involvement, not by list order. */
export async function openFamilyCase(ctx: TestContext, lead: TestUser, members: TestUser[]): Promise<TestCase> {
  const c = await openCase(ctx, lead, members);
  const persons = await ctx.db.query<{ id: string; involvement: string }>(`SELECT id, involvement FROM case_persons WHERE case_id = $1`, [
    c.id,
  ]);
  return {
    ...c,
    childId: persons.find((p) => p.involvement === 'victim')!.id,
    parentId: persons.find((p) => p.involvement === 'alleged_perpetrator')!.id,
  };
}
