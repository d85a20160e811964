import { DURATION_MINUTES, escapeText, foldLine, icsDateTime, renderCalendar, type CalendarItem } from './ics';
import type { FollowUpKind, FollowUpStatus } from './follow-up-model';

const item = (overrides: Partial<CalendarItem> = {}): CalendarItem => ({
  id: '6f1c1c52-0000-4000-8000-000000000001',
  caseReference: 'MDC-2026-000123',
  kind: 'home_visit',
  scheduledAt: new Date('2026-12-01T09:30:00.000Z'),
  status: 'planned',
  version: 3,
  updatedAt: new Date('2026-11-20T08:00:00.000Z'),
  remindBeforeMinutes: [60, 1440],
  ...overrides,
});

describe('iCalendar rendering (RFC 5545)', () => {
  it('writes DTSTART and DTSTAMP in UTC basic format', () => {
    expect(icsDateTime(new Date('2026-12-01T09:30:05.123Z'))).toBe('20261201T093005Z');
  });

  it.each([
    ['a;b', 'a\\;b'],
    ['a,b', 'a\\,b'],
    ['a\\b', 'a\\\\b'],
    ['line1\nline2', 'line1\\nline2'],
    ['line1\r\nline2', 'line1\\nline2'],
    ['bell\x07', 'bell'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('folds lines longer than 75 octets with CRLF and a space, never splitting a character', () => {
    const long = `SUMMARY:${'é'.repeat(80)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(long);
    expect(folded).not.toContain('\uFFFD');
  });

  it('renders a calendar of CRLF lines, one VEVENT with a UID per follow-up, alarms for the reminders', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const text = renderCalendar([item(), item({ id: '6f1c1c52-0000-4000-8000-000000000002', kind: 'phone_call', status: 'cancelled' })], {
      now,
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('UID:6f1c1c52-0000-4000-8000-000000000001@oneroof');
    expect(lines).toContain('UID:6f1c1c52-0000-4000-8000-000000000002@oneroof');
    expect(lines).toContain('DTSTART:20261201T093000Z');
    expect(lines).toContain('DTSTAMP:20261123T100000Z');
    expect(lines).toContain('SUMMARY:MDC-2026-000123 home visit');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:2');
    // Alarms only for the planned one: 1440 and 60 minutes before.
    expect(lines.filter((l) => l.startsWith('TRIGGER:'))).toEqual(['TRIGGER:-PT1440M', 'TRIGGER:-PT60M']);
    expect(lines[lines.length - 2]).toBe('END:VCALENDAR');
  });

  /** The lines of the one VEVENT rendered for `overrides`. */
  const eventLines = (overrides: Partial<CalendarItem>) => {
    const lines = renderCalendar([item(overrides)], { now: new Date('2026-11-23T10:00:00Z') }).split('\r\n');
    return lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
  };
  const property = (lines: string[], name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1));

  it.each<[FollowUpKind, number, string]>([
    ['home_visit', 60, '20261201T103000Z'],
    ['phone_call', 15, '20261201T094500Z'],
    ['meeting', 60, '20261201T103000Z'],
    ['case_conference', 90, '20261201T110000Z'],
    ['other', 30, '20261201T100000Z'],
  ])('ends a %s %d minutes after it starts (DTEND)', (kind, minutes, end) => {
    expect(DURATION_MINUTES[kind]).toBe(minutes);
    const lines = eventLines({ kind, scheduledAt: new Date('2026-12-01T09:30:00.000Z') });
    expect(property(lines, 'DTSTART')).toEqual(['20261201T093000Z']);
    expect(property(lines, 'DTEND')).toEqual([end]);
    // RFC 5545 §3.6.1: DTEND and DURATION never both.
    expect(property(lines, 'DURATION')).toEqual([]);
  });

  it('ends across midnight in UTC', () => {
    const lines = eventLines({ kind: 'case_conference', scheduledAt: new Date('2026-12-31T23:00:00.000Z') });
    expect(property(lines, 'DTEND')).toEqual(['20270101T003000Z']);
  });

  it.each<[FollowUpStatus, string, string, number]>([
    ['planned', 'CONFIRMED', 'MDC-2026-000123 home visit', 2],
    ['done', 'CONFIRMED', 'MDC-2026-000123 home visit (done)', 0],
    ['missed', 'CONFIRMED', 'MDC-2026-000123 home visit (missed)', 0],
    ['cancelled', 'CANCELLED', 'MDC-2026-000123 home visit (cancelled)', 0],
  ])('shows a %s follow-up as STATUS:%s with summary %j, its status as a category, and %d alarms', (status, icsStatus, summary, alarms) => {
    const lines = eventLines({ status });
    expect(property(lines, 'STATUS')).toEqual([icsStatus]);
    expect(property(lines, 'SUMMARY')).toEqual([summary]);
    expect(property(lines, 'CATEGORIES')).toEqual([`home_visit,${status}`]);
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(alarms);
  });

  it('uses only the STATUS values RFC 5545 allows a VEVENT', () => {
    for (const status of ['planned', 'done', 'missed', 'cancelled'] as const) {
      for (const value of property(eventLines({ status }), 'STATUS')) expect(['TENTATIVE', 'CONFIRMED', 'CANCELLED']).toContain(value);
    }
  });

  it('renders an empty agenda as a valid empty calendar', () => {
    const text = renderCalendar([], { now: new Date('2026-11-23T10:00:00Z') });
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//OneRoof//Follow-ups//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:OneRoof follow-ups',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });
});
