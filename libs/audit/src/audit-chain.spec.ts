import { canonicalEvent, chainHash, GENESIS_HASH, type AuditEventRow } from './audit-chain';

const row: AuditEventRow = {
  seq: '42',
  id: '0b6f1a52-8c1e-4d0a-9f4e-2a7c9d3e5b10',
  at: new Date('2026-11-20T09:30:15.123Z'),
  actor_id: '5a0c7c1e-1111-4c2b-8d3e-000000000001',
  actor_discipline: 'police',
  actor_organisation_id: '5a0c7c1e-2222-4c2b-8d3e-000000000002',
  on_behalf_of_id: null,
  action: 'case.read',
  resource_type: 'case',
  resource_id: '5a0c7c1e-3333-4c2b-8d3e-000000000003',
  case_id: '5a0c7c1e-3333-4c2b-8d3e-000000000003',
  person_ids: ['5a0c7c1e-4444-4c2b-8d3e-000000000004', '5a0c7c1e-5555-4c2b-8d3e-000000000005'],
  outcome: 'success',
  purpose: 'team_member',
  request_id: 'req-1',
  ip: '10.0.0.7',
  user_agent: 'Mozilla/5.0 "quoted" | piped',
  case_ids: [],
};

// Written out by hand: a change of order, format or escaping breaks every existing chain.
const CANONICAL =
  '{"seq":"42","id":"0b6f1a52-8c1e-4d0a-9f4e-2a7c9d3e5b10","at":"2026-11-20T09:30:15.123Z",' +
  '"actor_id":"5a0c7c1e-1111-4c2b-8d3e-000000000001","actor_discipline":"police",' +
  '"actor_organisation_id":"5a0c7c1e-2222-4c2b-8d3e-000000000002","on_behalf_of_id":null,"action":"case.read",' +
  '"resource_type":"case","resource_id":"5a0c7c1e-3333-4c2b-8d3e-000000000003",' +
  '"case_id":"5a0c7c1e-3333-4c2b-8d3e-000000000003",' +
  '"person_ids":["5a0c7c1e-4444-4c2b-8d3e-000000000004","5a0c7c1e-5555-4c2b-8d3e-000000000005"],' +
  '"outcome":"success","purpose":"team_member","request_id":"req-1","ip":"10.0.0.7",' +
  '"user_agent":"Mozilla/5.0 \\"quoted\\" | piped"}';

describe('audit chain hash', () => {
  it('serialises every column in a fixed order, timestamps as ISO with milliseconds, arrays as JSON', () => {
    expect(canonicalEvent(row)).toBe(CANONICAL);
  });

  it('is sha256 of prev_hash, a pipe and the canonical event (independently computed with sha256sum)', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    expect(chainHash(GENESIS_HASH, row)).toBe('aea3b77fa35047f0558b3aa735f4c8bd0eb840a34134204cce138b5800da816e');
    expect(chainHash('a'.repeat(64), row)).toBe('a34ef19218ee8cd77975e6727742ce9db94c816113d7cb0616063ed6eb4634ca');
  });

  it('does not depend on the order of the row object keys or on extra properties', () => {
    const shuffled = Object.fromEntries(Object.entries(row).reverse()) as unknown as AuditEventRow;
    expect(canonicalEvent({ ...shuffled, extra: 'ignored' } as AuditEventRow)).toBe(CANONICAL);
  });

  it('changes with any field, the order of personIds and the previous hash', () => {
    const base = chainHash(GENESIS_HASH, row);
    const variants: Partial<AuditEventRow>[] = [
      { seq: '43' },
      { id: '0b6f1a52-8c1e-4d0a-9f4e-2a7c9d3e5b11' },
      { at: new Date('2026-11-20T09:30:15.124Z') },
      { on_behalf_of_id: '5a0c7c1e-1111-4c2b-8d3e-000000000001' },
      { outcome: 'denied' },
      { person_ids: [...row.person_ids].reverse() },
      { user_agent: null },
      { ip: '' },
      { case_ids: ['5a0c7c1e-6666-4c2b-8d3e-000000000006'] },
    ];
    for (const change of variants) expect(chainHash(GENESIS_HASH, { ...row, ...change })).not.toBe(base);
    expect(chainHash('f'.repeat(64), row)).not.toBe(base);
  });

  it('leaves case_ids out while empty, so that events sealed before the column existed keep their hashes', () => {
    const { case_ids: _absent, ...before } = row;
    expect(canonicalEvent(before as AuditEventRow)).toBe(CANONICAL);
    expect(chainHash(GENESIS_HASH, before as AuditEventRow)).toBe(chainHash(GENESIS_HASH, row));
  });

  it("puts a list read's case_ids last, as a JSON array in the order written", () => {
    const listed = ['5a0c7c1e-7777-4c2b-8d3e-000000000007', '5a0c7c1e-6666-4c2b-8d3e-000000000006'];
    expect(canonicalEvent({ ...row, case_ids: listed })).toBe(`${CANONICAL.slice(0, -1)},"case_ids":${JSON.stringify(listed)}}`);
    expect(chainHash(GENESIS_HASH, { ...row, case_ids: listed })).not.toBe(
      chainHash(GENESIS_HASH, { ...row, case_ids: [...listed].reverse() }),
    );
  });
});
