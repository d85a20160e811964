import { randomUUID } from 'node:crypto';
import {
  AuditSealer,
  AuditVerifier,
  auditEventColumns,
  canonicalEvent,
  canonicalEventSql,
  chainHash,
  chainHashSql,
  type AuditEventRow,
} from '@oneroof/audit';
import { Db } from '@oneroof/platform';
import { createTestApp, type TestContext } from '@oneroof/testing';

/**
 * The verifier recomputes links in Postgres (chainHashSql) while the sealer hashes canonicalEvent's
 * text in Node: the two must be the same bytes for whatever an event can hold, or a valid trail
 * would read as broken (or a tampered one as whole). Here both are computed for awkward values,
 * the SQL one as the app role that verifies, and every column is changed in turn to show that the
 * SQL path still finds the change and names the event.
 */
describe('audit verification in SQL: the canonical text byte for byte, and a change in any column found', () => {
  let ctx: TestContext;
  let appDb: Db;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;
  const ids: string[] = [];

  const awkward = [
    'plain',
    '"quoted" and \'single\'',
    'back\\slash \\" \\\\',
    'controls \u0001\u0007\u001b\u001f del \u007f \b\f\n\r\t',
    'emoji 😀 and astral 𝄞 and a ZWJ family 👨‍👩‍👧',
    'Überprüfung, ñ, ø, 中文, العربية',
    'line separators \u2028\u2029 and </script>',
    '',
    ' ',
    '{"json":"inside"}',
  ];
  const times = [
    '2026-12-01 10:11:12.123456+00', // microseconds: truncated to .123, as node-pg's Date does
    '2026-11-30 23:59:59.999999+00',
    '2026-06-15 00:00:00+00', // whole seconds: .000
    '2025-03-30 01:30:00.5+01', // an offset, and a single fraction digit
    '1999-12-31 23:59:59.0009+00',
    '0099-01-01 00:00:00.001+00', // a two-digit year (Date.UTC would make it 1999)
  ];

  beforeAll(async () => {
    ctx = await createTestApp();
    appDb = ctx.app.get(Db);
    sealer = ctx.app.get(AuditSealer);
    verifier = ctx.app.get(AuditVerifier);
    // Written by SQL as the owner (the writer would not take some of these values), queued as the writer queues.
    let i = 0;
    for (const text of awkward) {
      for (const personIds of [[], [randomUUID()], [randomUUID(), randomUUID(), randomUUID()]]) {
        const caseIds = i % 4 === 0 ? [] : i % 4 === 1 ? [randomUUID()] : [randomUUID(), randomUUID()];
        const nulls = i % 2 === 0;
        const [row] = await ctx.db.query<{ id: string }>(
          `WITH event AS (
             INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, on_behalf_of_id, action, resource_type,
               resource_id, case_id, person_ids, outcome, purpose, request_id, ip, user_agent, case_ids)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id, seq, at)
           INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event RETURNING (SELECT id FROM event)`,
          [
            times[i % times.length],
            nulls ? null : randomUUID(),
            nulls ? null : text,
            nulls ? null : randomUUID(),
            nulls ? randomUUID() : null,
            `action ${text}`,
            text,
            nulls ? null : randomUUID(),
            nulls ? null : randomUUID(),
            personIds,
            ['success', 'denied', 'error'][i % 3],
            'team_member',
            nulls ? null : text,
            nulls ? null : i % 3 === 0 ? '2001:db8::1' : '10.0.0.1',
            text,
            caseIds,
          ],
        );
        ids.push(row.id);
        i += 1;
      }
    }
    expect(await sealer.sealPending()).toMatchObject({ sealed: ids.length });
  });
  afterAll(() => ctx.close());

  it('makes the same canonical text and link hash in SQL, as the app role, as canonicalEvent and chainHash in Node', async () => {
    const rows = await appDb.query<AuditEventRow & { sql_text: string; sql_hash: string; prev_hash: string; hash: string }>(
      `SELECT ${auditEventColumns('e')}, ${canonicalEventSql('e')} AS sql_text, ${chainHashSql('c.prev_hash', 'e')} AS sql_hash,
              c.prev_hash, c.hash
         FROM audit_events e JOIN audit_chain c ON c.seq = e.seq AND c.at = e.at ORDER BY e.seq`,
    );
    expect(rows).toHaveLength(ids.length);
    const differing = rows.filter((row) => row.sql_text !== canonicalEvent(row)).map((row) => [canonicalEvent(row), row.sql_text]);
    expect(differing).toEqual([]);
    for (const row of rows) {
      expect(row.sql_hash).toBe(chainHash(row.prev_hash, row));
      expect(row.sql_hash).toBe(row.hash);
    }
    // The values did reach the rows as written (a test of escaping is only one if they did).
    const texts = rows.map((row) => row.user_agent);
    for (const text of awkward) expect(texts).toContain(text);
    expect(rows.some((row) => row.case_ids.length === 2 && row.sql_text.includes('"case_ids":["'))).toBe(true);
    expect(rows.filter((row) => row.case_ids.length === 0).every((row) => !row.sql_text.includes('case_ids'))).toBe(true);
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: true, checked: ids.length, firstBrokenId: null });
  });

  // Each column changed in one event (the triggers off, as someone with the owner's rights could),
  // verified, then put back: the SQL path must find each and name the event.
  const changes: [column: string, set: string][] = [
    ['seq', `seq = seq + 1000000`],
    ['id', `id = gen_random_uuid()`],
    ['at', `at = at + interval '1 millisecond'`],
    ['at (below a millisecond)', `at = at + interval '1 microsecond'`],
    ['actor_id', `actor_id = gen_random_uuid()`],
    ['actor_discipline', `actor_discipline = coalesce(actor_discipline, '') || 'x'`],
    ['actor_organisation_id', `actor_organisation_id = gen_random_uuid()`],
    ['on_behalf_of_id', `on_behalf_of_id = NULL`],
    ['action', `action = action || ' '`],
    ['resource_type', `resource_type = 'case'`],
    ['resource_id', `resource_id = gen_random_uuid()`],
    ['case_id', `case_id = gen_random_uuid()`],
    ['person_ids', `person_ids = person_ids || gen_random_uuid()`],
    ['outcome', `outcome = CASE WHEN outcome = 'error' THEN 'denied' ELSE 'error' END`],
    ['purpose', `purpose = 'emergency_access'`],
    ['request_id', `request_id = 'req'`],
    ['ip', `ip = '10.0.0.2'`],
    ['user_agent', `user_agent = user_agent || '\\'`],
    ['case_ids', `case_ids = case_ids || gen_random_uuid()`],
  ];
  it.each(changes)('finds a change of %s and names its event, and is valid once it is put back', async (_column, set) => {
    // An event with nulls (index 2·k) or values (odd), chosen so that each change really changes the row.
    const target = set.startsWith('on_behalf_of_id') ? ids[4] : ids[5];
    const select = `SELECT *, at::text AS at_text FROM audit_events`;
    const [saved] = await ctx.db.query<Record<string, unknown>>(`${select} WHERE id = $1`, [target]);
    const changed = await ctx.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_events SET ${set} WHERE id = $1`, [target]);
      const [row] = await tx.query<Record<string, unknown>>(`${select} WHERE seq = $1 OR id = $2 LIMIT 1`, [saved.seq, target]);
      return row;
    });
    expect(changed).not.toEqual(saved);
    // A changed id is named as the row now has it (as before: the event's id, else the link's).
    const broken = await verifier.verify({ full: true });
    expect(broken).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: changed.id, checked: ids.length });

    const columns = Object.keys(saved).filter((c) => c !== 'at_text');
    await ctx.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`DELETE FROM audit_events WHERE seq = $1 OR seq = $2 OR id = $3`, [saved.seq, Number(saved.seq) + 1000000, target]);
      await tx.query(
        `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => (c === 'at' ? saved.at_text : saved[c])),
      );
    });
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: true, checked: ids.length });
  });

  it('a link SQL cannot rebuild (a year past 9999, sealed over canonicalEvent as before session 4) is judged by canonicalEvent, and a change after it is still found', async () => {
    const queue = (sql: string) =>
      ctx.db.query<{ id: string }>(
        `WITH event AS (${sql} RETURNING id, seq, at) INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event RETURNING (SELECT id FROM event)`,
      );
    await sealer.sealPending();
    const [far] = await queue(
      `INSERT INTO audit_events (at, action, resource_type, outcome, purpose) VALUES ('10000-01-01 00:00:00.25+00', 'far', 'case', 'success', 'team_member')`,
    );
    // Its link made as the sealer made links before it hashed Postgres's text: over canonicalEvent.
    const [row] = await ctx.db.query<AuditEventRow & { at_exact: string; sql_text: string }>(
      `SELECT ${auditEventColumns('e')}, e.at::text AS at_exact, ${canonicalEventSql('e')} AS sql_text FROM audit_events e WHERE e.id = $1`,
      [far.id],
    );
    expect(row.sql_text).not.toBe(canonicalEvent(row)); // the case the fallback exists for
    const [head] = await ctx.db.query<{ position: string; hash: string }>(
      `SELECT c.position::text AS position, c.hash FROM audit_chain c ORDER BY c.position DESC LIMIT 1`,
    );
    await ctx.db.query(`INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      BigInt(head.position) + 1n,
      row.seq,
      row.id,
      head.hash,
      chainHash(head.hash, row),
      row.at_exact,
    ]);
    await ctx.db.query(`DELETE FROM audit_seal_queue WHERE seq = $1`, [row.seq]);
    const [after] = await queue(
      `INSERT INTO audit_events (at, action, resource_type, outcome, purpose) VALUES (now(), 'after far', 'case', 'success', 'team_member')`,
    );
    await sealer.sealPending();
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: true, checked: ids.length + 2 });

    await ctx.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_events SET action = 'changed' WHERE id = $1`, [after.id]);
    });
    expect(await verifier.verify({ full: true })).toMatchObject({ valid: false, reason: 'hash_mismatch', firstBrokenId: after.id });
  });
});
