import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 16: each table is owned by one context, and only its owner writes it; others read it, or ask
 * the owner through its index.ts (libs/cases' transferRole and moveLead for team membership).
 * dependency-cruiser sees imports, not SQL, so this test reads the SQL of every non-migration source
 * file and fails on an INSERT, UPDATE or DELETE of a table by a context that does not own it, and on
 * a write to a table that has no owner here yet (a new table: name its owner below).
 * Migrations (schema, and triggers that are part of it) are outside its scope.
 */
const OWNERS: Record<string, string> = {
  // identity
  users: 'identity',
  organisations: 'identity',
  login_lockouts: 'identity',
  login_rate_windows: 'identity',
  sessions: 'identity',
  session_refresh_tokens: 'identity',
  user_totp: 'identity',
  user_recovery_codes: 'identity',
  mfa_challenges: 'identity',
  // audit
  audit_events: 'audit',
  audit_seal_queue: 'audit',
  audit_chain: 'audit',
  audit_checkpoints: 'audit',
  unusual_access_flags: 'audit',
  unusual_access_progress: 'audit',
  // platform: durable timers
  timers: 'platform',
  // platform: secrets made once per database outside production (JWT, audit signing)
  runtime_secrets: 'platform',
  // notifications: the outbox is relayed, retried and dead-lettered here (platform only appends: ALLOWED)
  outbox_events: 'notifications',
  // the HTTP edge: stored answers of Idempotency-Key requests
  idempotency_keys: 'apps/api',
  // the case file
  cases: 'cases',
  case_reference_counters: 'cases',
  case_persons: 'cases',
  case_memberships: 'cases',
  case_entries: 'cases',
  emergency_access_grants: 'cases',
  case_change_records: 'cases',
  case_clock_explanations: 'cases',
  case_rereport_matches: 'cases',
  case_links: 'cases',
  // the rest of the contexts
  intakes: 'intake',
  intake_interviews: 'intake',
  intake_examinations: 'intake',
  intake_assessments: 'intake',
  handovers: 'handovers',
  follow_ups: 'follow-ups',
  follow_up_feed_tokens: 'follow-ups',
  follow_up_reschedules: 'follow-ups',
  // conferences: case conferences and the family's safety plan (design.md §7)
  case_conferences: 'conferences',
  conference_addenda: 'conferences',
  safety_plans: 'conferences',
  safety_plan_agreements: 'conferences',
  safety_plan_goals: 'conferences',
  safety_plan_checks: 'conferences',
  notifications: 'notifications',
};

/** Writes outside the owner that are the design, each with its reason. */
const ALLOWED: { file: string; table: string; why: string }[] = [
  {
    file: 'libs/platform/src/events/outbox.ts',
    table: 'outbox_events',
    why: 'writeOutboxEvents: the one INSERT every context calls in its own transaction, so that no context imports notifications',
  },
  {
    file: 'libs/platform/src/retention/idempotency-retention.ts',
    table: 'idempotency_keys',
    why: "the worker's retention pass: stored answers older than 24 hours hold persons' data and go (issue 16)",
  },
  { file: 'apps/cli/src/seed-demo.ts', table: 'organisations', why: 'the demo seed, a development tool, not a context' },
  { file: 'apps/cli/src/seed-demo.ts', table: 'users', why: 'the demo seed, a development tool, not a context' },
];

const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' || name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The context a file belongs to: libs/<context>/… or apps/<app>/… */
const contextOf = (file: string): string => {
  const [top, name] = relative(ROOT, file).split('/');
  return top === 'libs' ? name : `${top}/${name}`;
};

interface Write {
  file: string;
  context: string;
  table: string;
}

/** Writes named in SQL (keywords upper case, tables lower case, as the house writes SQL) and in updateVersioned's table option. */
export function writesIn(file: string, text: string): Write[] {
  const context = contextOf(file);
  const tables = [
    ...[...text.matchAll(/\b(?:INSERT INTO|UPDATE|DELETE FROM|TRUNCATE)\s+([a-z_][a-z0-9_]*)/g)].map((m) => m[1]),
    ...[...text.matchAll(/updateVersioned[^]*?table:\s*'([a-z_][a-z0-9_]*)/g)].map((m) => m[1]),
  ];
  return [...new Set(tables)].map((table) => ({ file: relative(ROOT, file), context, table }));
}

const writes = [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))]
  .filter((file) => !relative(ROOT, file).startsWith('libs/testing/'))
  .flatMap((file) => writesIn(file, readFileSync(file, 'utf8')));

describe('table ownership', () => {
  it('sees the writes it should (the scan is not blind)', () => {
    expect(writes).toEqual(
      expect.arrayContaining([
        { file: 'libs/cases/src/membership-repository.ts', context: 'cases', table: 'case_memberships' },
        { file: 'libs/handovers/src/handover-repository.ts', context: 'handovers', table: 'handovers' },
      ]),
    );
  });

  it('has every table that is written owned by one context', () => {
    expect(writes.filter((w) => OWNERS[w.table] === undefined)).toEqual([]);
  });

  it('has each table written only by its owner', () => {
    const allowed = (w: Write) => ALLOWED.some((a) => a.file === w.file && a.table === w.table);
    expect(writes.filter((w) => OWNERS[w.table] !== undefined && OWNERS[w.table] !== w.context && !allowed(w))).toEqual([]);
  });

  it('would catch a write to another context’s table', () => {
    const foreign = writesIn(
      join(ROOT, 'libs/handovers/src/x.ts'),
      'await tx.query(`UPDATE case_memberships SET until = $2 WHERE id = $1`)',
    );
    expect(foreign.filter((w) => OWNERS[w.table] !== w.context)).toEqual([
      { file: 'libs/handovers/src/x.ts', context: 'handovers', table: 'case_memberships' },
    ]);
  });
});
