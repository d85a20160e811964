import { escapeText, foldLine, icsDateTime, renderCalendar, type CalendarItem } from './ics';

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
