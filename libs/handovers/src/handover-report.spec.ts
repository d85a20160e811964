import { buildHandoverReport, csvCell, deadlineMet, percentile, REPORT_COLUMNS, toCsv, type HandoverFacts } from './handover-report';

const H = 60 * 60 * 1000;
const t0 = new Date('2026-11-02T09:00:00.000Z');
const plus = (hours: number) => new Date(t0.getTime() + hours * H);

function facts(id: string, over: Partial<HandoverFacts>): HandoverFacts {
  return {
    handoverId: id,
    caseReference: 'MDC-2026-000001',
    fromUserId: 'from',
    fromName: 'Sender',
    fromOrganisation: 'Centre',
    toUserId: 'to',
    toName: 'Receiver',
    toOrganisation: 'Local team',
    status: 'proposed',
    proposedAt: t0,
    briefedAt: null,
    acceptedAt: null,
    declinedAt: null,
    withdrawnAt: null,
    respondBy: plus(100),
    familyPresent: null,
    declineReason: null,
    withdrawReason: null,
    ...over,
  };
}

describe('handover audit figures', () => {
  it('interpolates percentiles between the closest ranks', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([10, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
  });

  it('decides the deadline once the handover ended, or once an open one is past due', () => {
    const now = plus(50);
    expect(deadlineMet({ respondBy: plus(10), acceptedAt: plus(10), declinedAt: null, withdrawnAt: null }, now)).toBe(true);
    expect(deadlineMet({ respondBy: plus(10), acceptedAt: plus(11), declinedAt: null, withdrawnAt: null }, now)).toBe(false);
    expect(deadlineMet({ respondBy: plus(10), acceptedAt: null, declinedAt: plus(9), withdrawnAt: null }, now)).toBe(true);
    expect(deadlineMet({ respondBy: plus(10), acceptedAt: null, declinedAt: null, withdrawnAt: plus(12) }, now)).toBe(false);
    expect(deadlineMet({ respondBy: plus(49), acceptedAt: null, declinedAt: null, withdrawnAt: null }, now)).toBe(false);
    expect(deadlineMet({ respondBy: plus(51), acceptedAt: null, declinedAt: null, withdrawnAt: null }, now)).toBeNull();
    expect(deadlineMet({ respondBy: null, acceptedAt: plus(1), declinedAt: null, withdrawnAt: null }, now)).toBeNull();
  });

  it('summarises a set whose answers are known', () => {
    const report = buildHandoverReport(
      [
        facts('a', { status: 'accepted', briefedAt: plus(2), acceptedAt: plus(10), respondBy: plus(20), familyPresent: true }),
        facts('b', { status: 'accepted', briefedAt: plus(5), acceptedAt: plus(30), respondBy: plus(20), familyPresent: false }),
        facts('c', { status: 'accepted', briefedAt: plus(1), acceptedAt: plus(20), respondBy: plus(20), toOrganisation: 'Veilig Thuis' }),
        facts('d', { status: 'declined', declinedAt: plus(3), declineReason: 'No capacity', toOrganisation: 'Veilig Thuis' }),
        facts('e', { status: 'proposed', respondBy: plus(1000) }),
      ],
      plus(200),
    );
    expect(report.items.map((r) => [r.handoverId, r.hoursToBriefing, r.hoursToAcceptance, r.deadlineMet])).toEqual([
      ['a', 2, 10, true],
      ['b', 5, 30, false],
      ['c', 1, 20, true],
      ['d', null, null, true],
      ['e', null, null, null],
    ]);
    expect(report.summary).toEqual({
      count: 5,
      medianHoursToAcceptance: 20,
      p90HoursToAcceptance: 28,
      deadlineMissedShare: 0.25,
      perReceivingOrganisation: [
        { organisation: 'Local team', count: 3, accepted: 2, medianHoursToAcceptance: 20, deadlineMissedShare: 0.5 },
        { organisation: 'Veilig Thuis', count: 2, accepted: 1, medianHoursToAcceptance: 20, deadlineMissedShare: 0 },
      ],
    });
    expect(Object.keys(report.items[0])).toEqual(REPORT_COLUMNS);
  });

  it('has nothing to say about an empty period', () => {
    expect(buildHandoverReport([], t0).summary).toEqual({
      count: 0,
      medianHoursToAcceptance: null,
      p90HoursToAcceptance: null,
      deadlineMissedShare: null,
      perReceivingOrganisation: [],
    });
  });
});

describe('handover audit CSV (RFC 4180, no formula injection)', () => {
  it.each([
    [null, ''],
    ['plain', 'plain'],
    [12.5, '12.5'],
    [true, 'true'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+31 6 1234', "'+31 6 1234"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rreturn', `"'\rreturn"`],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header row and CRLF after every record', () => {
    const report = buildHandoverReport([facts('a', { fromName: 'Jansen, P.' })], t0);
    const csv = toCsv(report.items);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','));
    expect(lines[1]).toContain(',"Jansen, P.",');
  });
});
