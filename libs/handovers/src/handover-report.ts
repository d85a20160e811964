import { iso } from '@oneroof/platform';
import type { HandoverStatus } from './handover-model';

/**
 * The coordinator's handover audit (design.md §4): one flat row per handover and a summary. Pure,
 * so that the figures are unit tests; the SQL only gathers the facts (handover-audit.service.ts).
 */
/** Who handed over to whom, named the same in the facts and in the report's rows. */
export interface HandoverParties {
  handoverId: string;
  caseReference: string;
  fromUserId: string;
  fromName: string;
  fromOrganisation: string;
  toUserId: string;
  toName: string;
  toOrganisation: string;
  status: HandoverStatus;
}

export interface HandoverFacts extends HandoverParties {
  proposedAt: Date;
  briefedAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  withdrawnAt: Date | null;
  respondBy: Date | null;
  familyPresent: boolean | null;
  declineReason: string | null;
  withdrawReason: string | null;
}

export interface HandoverReportRow extends HandoverParties {
  proposedAt: string;
  briefedAt: string | null;
  acceptedAt: string | null;
  declinedAt: string | null;
  withdrawnAt: string | null;
  respondBy: string | null;
  hoursToBriefing: number | null;
  hoursToAcceptance: number | null;
  deadlineMet: boolean | null;
  familyPresent: boolean | null;
  declineReason: string | null;
  withdrawReason: string | null;
}

export interface OrganisationFigures {
  organisation: string;
  count: number;
  accepted: number;
  medianHoursToAcceptance: number | null;
  deadlineMissedShare: number | null;
}

export interface HandoverReportSummary {
  count: number;
  medianHoursToAcceptance: number | null;
  p90HoursToAcceptance: number | null;
  deadlineMissedShare: number | null;
  perReceivingOrganisation: OrganisationFigures[];
}

export interface HandoverReport {
  items: HandoverReportRow[];
  summary: HandoverReportSummary;
}

/** The column order of the report, in JSON and CSV alike. */
export const REPORT_COLUMNS: (keyof HandoverReportRow)[] = [
  'handoverId',
  'caseReference',
  'fromUserId',
  'fromName',
  'fromOrganisation',
  'toUserId',
  'toName',
  'toOrganisation',
  'status',
  'proposedAt',
  'briefedAt',
  'acceptedAt',
  'declinedAt',
  'withdrawnAt',
  'respondBy',
  'hoursToBriefing',
  'hoursToAcceptance',
  'deadlineMet',
  'familyPresent',
  'declineReason',
  'withdrawReason',
];

const HOUR_MS = 60 * 60 * 1000;
const round = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};
const hoursBetween = (from: Date, to: Date | null): number | null => (to === null ? null : (to.getTime() - from.getTime()) / HOUR_MS);

/**
 * Whether the handover ended (accepted, declined or withdrawn) by its respondBy: `true`/`false`
 * once it ended, `false` once an open one is past due, `null` while open and not yet due (or when
 * it has no deadline at all).
 */
export function deadlineMet(
  facts: Pick<HandoverFacts, 'respondBy' | 'acceptedAt' | 'declinedAt' | 'withdrawnAt'>,
  now: Date,
): boolean | null {
  if (facts.respondBy === null) return null;
  const ended = facts.acceptedAt ?? facts.declinedAt ?? facts.withdrawnAt;
  if (ended !== null) return ended.getTime() <= facts.respondBy.getTime();
  return now.getTime() > facts.respondBy.getTime() ? false : null;
}

/**
 * The p-th percentile by linear interpolation between the closest ranks (as Postgres'
 * percentile_cont and a spreadsheet's PERCENTILE.INC): the median of 1, 2, 3, 10 is 2.5.
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** Of the handovers whose deadline is decided (deadlineMet not null), the share that missed it. */
function missedShare(rows: { deadlineMet: boolean | null }[]): number | null {
  const decided = rows.filter((r) => r.deadlineMet !== null);
  if (decided.length === 0) return null;
  return round(decided.filter((r) => r.deadlineMet === false).length / decided.length, 4);
}

export function buildHandoverReport(facts: HandoverFacts[], now: Date): HandoverReport {
  const exact: { row: HandoverReportRow; hoursToAcceptance: number | null }[] = facts.map((f) => {
    const toAcceptance = hoursBetween(f.proposedAt, f.acceptedAt);
    const toBriefing = hoursBetween(f.proposedAt, f.briefedAt);
    return {
      hoursToAcceptance: toAcceptance,
      row: {
        handoverId: f.handoverId,
        caseReference: f.caseReference,
        fromUserId: f.fromUserId,
        fromName: f.fromName,
        fromOrganisation: f.fromOrganisation,
        toUserId: f.toUserId,
        toName: f.toName,
        toOrganisation: f.toOrganisation,
        status: f.status,
        proposedAt: f.proposedAt.toISOString(),
        briefedAt: iso(f.briefedAt),
        acceptedAt: iso(f.acceptedAt),
        declinedAt: iso(f.declinedAt),
        withdrawnAt: iso(f.withdrawnAt),
        respondBy: iso(f.respondBy),
        hoursToBriefing: toBriefing === null ? null : round(toBriefing, 2),
        hoursToAcceptance: toAcceptance === null ? null : round(toAcceptance, 2),
        deadlineMet: deadlineMet(f, now),
        familyPresent: f.familyPresent,
        declineReason: f.declineReason,
        withdrawReason: f.withdrawReason,
      },
    };
  });
  // Figures from the exact durations, rounded once at the end.
  const acceptanceHours = (of: typeof exact) => of.map((e) => e.hoursToAcceptance).filter((h): h is number => h !== null);
  const rounded = (value: number | null) => (value === null ? null : round(value, 2));

  const byOrganisation = new Map<string, typeof exact>();
  for (const e of exact) {
    const group = byOrganisation.get(e.row.toOrganisation) ?? [];
    group.push(e);
    byOrganisation.set(e.row.toOrganisation, group);
  }
  const perReceivingOrganisation = [...byOrganisation.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([organisation, group]) => ({
      organisation,
      count: group.length,
      accepted: group.filter((e) => e.row.status === 'accepted').length,
      medianHoursToAcceptance: rounded(percentile(acceptanceHours(group), 0.5)),
      deadlineMissedShare: missedShare(group.map((e) => e.row)),
    }));

  return {
    items: exact.map((e) => e.row),
    summary: {
      count: exact.length,
      medianHoursToAcceptance: rounded(percentile(acceptanceHours(exact), 0.5)),
      p90HoursToAcceptance: rounded(percentile(acceptanceHours(exact), 0.9)),
      deadlineMissedShare: missedShare(exact.map((e) => e.row)),
      perReceivingOrganisation,
    },
  };
}

/**
 * A formula start (= + - @ tab CR, issue 15 finding 6) at the start of the text or after anything a
 * reader may split a cell at: either separator (a Dutch spreadsheet splits at `;`, and one that
 * ignores quotes at `,`) or a line break, with spaces before it.
 */
const FORMULA_AFTER_BREAK = /(^|[,;\r\n])( *)(?=[=+\-@\t\r])/g;

/** `,` as RFC 4180 says; `;` for spreadsheets set to Dutch (and most of Europe's) conventions. */
export type CsvDelimiter = ',' | ';';

/**
 * One CSV cell, safe for both separators: RFC 4180 quoting of a field with a comma, semicolon,
 * quote, CR or LF (quotes doubled), and a `'` before every formula start of a text. Numbers keep
 * their sign; with `;` their decimal point is a comma, as those spreadsheets read numbers. Empty for null.
 */
export function csvCell(value: string | number | boolean | null | undefined, delimiter: CsvDelimiter = ','): string {
  if (value === null || value === undefined) return '';
  // A number holds no formula and no separator (with `;`, its decimal comma is no separator).
  if (typeof value === 'number') return delimiter === ';' ? String(value).replace('.', ',') : String(value);
  let text = String(value);
  if (typeof value === 'string') text = text.replace(FORMULA_AFTER_BREAK, "$1$2'");
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report's rows as RFC 4180 CSV: a header row, CRLF after every record. */
export function toCsv(rows: HandoverReportRow[], delimiter: CsvDelimiter = ','): string {
  const lines = [
    REPORT_COLUMNS.join(delimiter),
    ...rows.map((row) => REPORT_COLUMNS.map((column) => csvCell(row[column], delimiter)).join(delimiter)),
  ];
  return lines.map((line) => `${line}\r\n`).join('');
}
