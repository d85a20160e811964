import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15 finding 6: GET /api/audit/handovers?format=csv is safe for Dutch spreadsheets, which
 * split at `;`, and offers delimiter=semicolon since that is what they open.
 */
const ATTACK = "Familie verhuisd;=cmd|' /C calc'!A0";

describe('handover CSV for Dutch spreadsheets', () => {
  let ctx: TestContext;
  let coordinator: TestUser;
  const report = (query: string) =>
    request(ctx.app.getHttpServer()).get(`/api/audit/handovers${query}`).set('Authorization', coordinator.auth);

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.factory.coordinator();
    const sender = await ctx.factory.user({ name: 'Jansen; P.' });
    const receiver = await ctx.factory.user({ name: '-Anna Bakker' });
    const opened = await request(ctx.app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', sender.auth)
      .send({ urgency: 'regular', source: 'family', summary: 'Seed' });
    expect(opened.status).toBe(201);
    await ctx.db.query(
      `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, withdrawn_at, respond_by, withdraw_reason, reason, checklist)
       VALUES ($1, $2, $3, 'withdrawn', now() - interval '90 minutes', now(), now() + interval '1 day', $4, 'seed', '{}'::jsonb)`,
      [opened.body.id, sender.id, receiver.id, ATTACK],
    );
  });
  afterAll(() => ctx?.close());

  /** Splits CSV as a spreadsheet does: at the delimiter outside quotes. */
  const cellsOf = (line: string, delimiter: string): string[] => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = !quoted;
      } else if (!quoted && c === delimiter) {
        cells.push(cell);
        cell = '';
      } else {
        cell += c;
      }
    }
    return [...cells, cell];
  };

  it.each([
    ['', ','],
    ['&delimiter=comma', ','],
    ['&delimiter=semicolon', ';'],
  ])('format=csv%s: no cell a spreadsheet splitting at either separator would run as a formula', async (query, delimiter) => {
    const res = await report(`?format=csv${query}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = res.text.split('\r\n');
    const headers = cellsOf(header, delimiter);
    expect(headers[0]).toBe('handoverId');
    expect(headers).toHaveLength(21);
    const cells = cellsOf(row, delimiter);
    expect(cells).toHaveLength(21);
    expect(cells[headers.indexOf('withdrawReason')]).toBe("Familie verhuisd;'=cmd|' /C calc'!A0");
    expect(cells[headers.indexOf('fromName')]).toBe('Jansen; P.');
    expect(cells[headers.indexOf('toName')]).toBe("'-Anna Bakker");
    // And read with the other separator (a reader set the other way, or one ignoring quotes):
    for (const other of [',', ';']) {
      for (const cell of row.split(other)) expect(cell.replace(/^"/, '').trimStart()).not.toMatch(/^[=+\-@\t\r]/);
    }
    if (delimiter === ';') expect(cells[headers.indexOf('hoursToAcceptance')]).toBe('');
  });

  it('an unknown delimiter is a 400 naming it', async () => {
    const res = await report('?format=csv&delimiter=tab');
    expect(problemOf(res, 400).errors?.map((e) => e.field)).toEqual(['delimiter']);
  });
});
