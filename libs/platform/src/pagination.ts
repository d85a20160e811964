import { invalid } from './errors/domain-error';

/** design.md §4: lists take ?limit (default 50, at most 200) and an opaque ?cursor. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/**
 * A cursor names the list that issued it (`cases`, `agenda`, `audit-events`, ...): many lists page by
 * the same kind of position (a time and an id), and a cursor of one read as a position in another
 * would silently skip or repeat rows. Given to another list it is a 400 naming `cursor`.
 */
export function encodeCursor(list: string, parts: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ list, ...parts }), 'utf8').toString('base64url');
}

/** The kinds of value a cursor carries; each ends up in an SQL cast, so each is checked for its shape. */
export type CursorPart = 'time' | 'uuid' | 'seq' | 'text';

const CURSOR_PATTERNS: Record<CursorPart, RegExp> = {
  // Years 1900 to 2999 only: year 0000 is out of timestamptz' range, an error and a 500.
  time: /^(19|2\d)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // At most 18 digits: every one fits a bigint (19 may not: 9999999999999999999 overflows, a 500).
  seq: /^\d{1,18}$/,
  // Names sort lists (users, organisations): any printable text, no control characters.
  text: /^\P{Cc}{1,400}$/u,
};

/** The pattern lets 2026-02-31 and 24:00 through; a real moment prints back as itself. */
function isRealTime(value: string): boolean {
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
}

const foreignCursor = () => invalid([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
const otherListCursor = () =>
  invalid([{ field: 'cursor', message: 'cursor belongs to another list: take it from a page of this list, or leave it out' }]);

/**
 * Decodes a cursor that encodeCursor made for `list`. Every part must have the shape this API writes
 * (a crafted cursor would otherwise reach an SQL cast and become a 500), and the cursor must be this
 * list's; anything else is a 400 naming `cursor`.
 */
export function decodeCursor<K extends string>(
  cursor: string | undefined,
  list: string,
  shape: Record<K, CursorPart>,
): Record<K, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw foreignCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw foreignCursor();
  if (typeof parsed.list !== 'string') throw foreignCursor();
  if (parsed.list !== list) throw otherListCursor();
  const decoded = {} as Record<K, string>;
  for (const key of Object.keys(shape) as K[]) {
    const value = parsed[key];
    if (typeof value !== 'string' && typeof value !== 'number') throw foreignCursor();
    const text = String(value);
    const part = shape[key];
    if (!CURSOR_PATTERNS[part].test(text) || (part === 'time' && !isRealTime(text))) throw foreignCursor();
    decoded[key] = text;
  }
  return decoded;
}

/** Takes one row more than asked to know whether there is a next page; its cursor names `list`. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => Record<string, string | number>,
  list: string,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(list, cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
