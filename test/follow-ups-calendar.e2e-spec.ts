import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { http, isoIn, minutes, openCase, type TestCase } from './intake-support';

/** One VEVENT of a feed as property → values, content lines unfolded (RFC 5545 §3.1). */
function eventsOf(feed: string): Map<string, Map<string, string[]>> {
  const lines = feed.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT' && current) {
      events.set(current.get('UID')![0], current);
      current = null;
    } else if (current && !line.startsWith('BEGIN:VALARM') && !line.startsWith('END:VALARM')) {
      const at = line.indexOf(':');
      const name = line.slice(0, at);
      current.set(name, [...(current.get(name) ?? []), line.slice(at + 1)]);
    }
  }
  return events;
}

const basic = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/**
 * Issue 9, "what clients need": the calendar feed through HTTP gives each follow-up an end
 * (DTEND from its kind's duration) and shows what became of it: planned and done and missed stay
 * CONFIRMED (all RFC 5545 allows a VEVENT besides TENTATIVE and CANCELLED) with the outcome in the
 * summary and the categories; cancelled is CANCELLED.
 */
describe('calendar feed: DTEND per kind and a status per outcome', () => {
  let ctx: TestContext;
  let lead: TestUser;
  let member: TestUser;
  let c: TestCase;

  const schedule = async (kind: string, inMinutes: number) => {
    const res = await http(ctx)
      .post(`/api/cases/${c.id}/follow-ups`)
      .set('Authorization', lead.auth)
      .send({ kind, scheduledAt: isoIn(ctx, minutes(inMinutes)), assigneeId: member.id, remindBeforeMinutes: [30] });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; scheduledAt: string };
  };
  const close = async (f: { id: string; version: number }, status: 'done' | 'missed' | 'cancelled') => {
    const res = await http(ctx).patch(`/api/follow-ups/${f.id}`).set('Authorization', member.auth).send({ version: f.version, status });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    lead = await ctx.factory.user({ discipline: 'social_work' });
    member = await ctx.factory.user({ discipline: 'police' });
    c = await openCase(ctx, lead, [member]);
  });
  afterAll(() => ctx.close());

  it('gives every event DTEND = DTSTART + the duration of its kind, and each outcome its own look', async () => {
    const plan = [
      { kind: 'home_visit', at: 60 * 24, duration: 60, status: 'planned' },
      { kind: 'phone_call', at: 60 * 25, duration: 15, status: 'done' },
      { kind: 'meeting', at: 60 * 26, duration: 60, status: 'missed' },
      { kind: 'case_conference', at: 60 * 27, duration: 90, status: 'cancelled' },
      { kind: 'other', at: 60 * 28, duration: 30, status: 'planned' },
    ] as const;
    const made = [];
    for (const p of plan) {
      const f = await schedule(p.kind, p.at);
      if (p.status !== 'planned') await close(f, p.status);
      made.push({ ...f, ...p });
    }
    const res = await http(ctx).get('/api/me/follow-ups.ics').set('Authorization', member.auth);
    expect(res.status).toBe(200);
    const events = eventsOf(res.text);
    const labels: Record<string, string> = {
      home_visit: 'home visit',
      phone_call: 'phone call',
      meeting: 'meeting',
      case_conference: 'case conference',
      other: 'follow-up',
    };
    const looks: Record<string, { status: string; suffix: string }> = {
      planned: { status: 'CONFIRMED', suffix: '' },
      done: { status: 'CONFIRMED', suffix: ' (done)' },
      missed: { status: 'CONFIRMED', suffix: ' (missed)' },
      cancelled: { status: 'CANCELLED', suffix: ' (cancelled)' },
    };
    for (const f of made) {
      const event = events.get(`${f.id}@oneroof`);
      expect(event).toBeDefined();
      const start = new Date(f.scheduledAt);
      expect(event!.get('DTSTART')).toEqual([basic(f.scheduledAt)]);
      expect(event!.get('DTEND')).toEqual([basic(new Date(start.getTime() + minutes(f.duration)).toISOString())]);
      expect(event!.get('STATUS')).toEqual([looks[f.status].status]);
      expect(event!.get('SUMMARY')).toEqual([`${c.reference} ${labels[f.kind]}${looks[f.status].suffix}`]);
      expect(event!.get('CATEGORIES')).toEqual([`${f.kind},${f.status}`]);
      // Alarms only for what is still planned.
      expect((event!.get('TRIGGER') ?? []).length).toBe(f.status === 'planned' ? 1 : 0);
    }
  });
});
