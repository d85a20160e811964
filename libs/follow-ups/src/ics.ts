import type { FollowUpKind, FollowUpStatus } from './follow-up-model';

/**
 * A follow-up as the calendar feed shows it. Only the case reference and the kind: a calendar
 * app syncs to phones and clouds outside the centre, so no name, title or outcome goes in.
 */
export interface CalendarItem {
  id: string;
  caseReference: string;
  kind: FollowUpKind;
  scheduledAt: Date;
  status: FollowUpStatus;
  version: number;
  updatedAt: Date;
  remindBeforeMinutes: number[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** RFC 5545 §3.3.5 UTC date-time: 20260101T090000Z. */
export function icsDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped; other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .split('')
    .filter((char) => char === '\t' || (char >= ' ' && char !== '\u007f'))
    .join('');
}

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is folded, each continuation starting with
 * one space; multi-octet UTF-8 characters are never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const KIND_LABELS: Record<FollowUpKind, string> = {
  home_visit: 'home visit',
  phone_call: 'phone call',
  meeting: 'meeting',
  case_conference: 'case conference',
  other: 'follow-up',
  aftercare: 'aftercare check',
};

/**
 * How long each kind of follow-up takes in the calendar (DTEND = DTSTART + this). A follow-up has
 * no end of its own; these are the usual lengths at the centre, so that a day view blocks the time.
 */
export const DURATION_MINUTES: Readonly<Record<FollowUpKind, number>> = {
  home_visit: 60,
  phone_call: 15,
  meeting: 60,
  case_conference: 90,
  other: 30,
  aftercare: 30,
};

/**
 * A follow-up's status as the calendar shows it. RFC 5545 §3.8.1.11 allows a VEVENT only
 * TENTATIVE, CONFIRMED or CANCELLED (COMPLETED is a VTODO's), so a done or missed follow-up stays
 * CONFIRMED (it was a real appointment) and says what became of it in its SUMMARY, which every
 * calendar app shows, and in CATEGORIES, which filters can use. Cancelled is CANCELLED.
 */
const STATUS_OF: Readonly<Record<FollowUpStatus, { status: 'CONFIRMED' | 'CANCELLED'; suffix: string }>> = {
  planned: { status: 'CONFIRMED', suffix: '' },
  done: { status: 'CONFIRMED', suffix: ' (done)' },
  missed: { status: 'CONFIRMED', suffix: ' (missed)' },
  cancelled: { status: 'CANCELLED', suffix: ' (cancelled)' },
};

const MINUTE_MS = 60_000;

/** The caller's agenda as an iCalendar (RFC 5545) feed: one VEVENT per follow-up, UID stable. */
export function renderCalendar(items: CalendarItem[], options: { now: Date; domain?: string }): string {
  const domain = options.domain ?? 'oneroof';
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//OneRoof//Follow-ups//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  lines.push(`X-WR-CALNAME:${escapeText('OneRoof follow-ups')}`);
  for (const item of items) {
    const shown = STATUS_OF[item.status];
    const summary = escapeText(`${item.caseReference} ${KIND_LABELS[item.kind]}${shown.suffix}`);
    const end = new Date(item.scheduledAt.getTime() + DURATION_MINUTES[item.kind] * MINUTE_MS);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${item.id}@${domain}`,
      `DTSTAMP:${icsDateTime(options.now)}`,
      `LAST-MODIFIED:${icsDateTime(item.updatedAt)}`,
      `SEQUENCE:${Math.max(0, item.version - 1)}`,
      `DTSTART:${icsDateTime(item.scheduledAt)}`,
      `DTEND:${icsDateTime(end)}`,
      `SUMMARY:${summary}`,
      // Two categories: the kind and what became of it (RFC 5545 §3.8.1.2, comma-separated).
      `CATEGORIES:${escapeText(item.kind)},${escapeText(item.status)}`,
      `STATUS:${shown.status}`,
      'TRANSP:OPAQUE',
    );
    if (item.status === 'planned') {
      for (const minutes of [...new Set(item.remindBeforeMinutes)].sort((a, b) => b - a)) {
        lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER:-PT${minutes}M`, `DESCRIPTION:${summary}`, 'END:VALARM');
      }
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
