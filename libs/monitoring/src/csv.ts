import type { IndicatorRow } from './indicators';

/**
 * Minimal CSV for the figures (RFC 4180, `,` separated). Safe for spreadsheets whichever separator
 * they read (`,` or `;`, as Dutch Excel does): a cell that starts with = + - @ tab or CR is prefixed
 * with `'` so that it is never run as a formula, and a cell holding `,`, `;`, `"` or a line break is
 * quoted. A shared CSV helper is being written for the handover CSV (audit-security); this one is
 * meant to be replaced by it.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function indicatorsCsv(rows: IndicatorRow[]): string {
  const lines = [['group', 'indicator', 'value', 'n', 'suppressed'].join(',')];
  for (const r of rows) lines.push([r.group, r.indicator, r.value, r.n, r.suppressed].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
