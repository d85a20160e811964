import { decodeCursor, invalid } from '@oneroof/platform';

const PATTERNS = {
  time: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  seq: /^\d{1,18}$/,
  text: /^[\x20-\x7e]{1,200}$/,
} as const;
type CursorPart = keyof typeof PATTERNS;

/**
 * decodeCursor checks only that each part is a string or number. Its parts end up as SQL casts
 * (`::timestamptz`, `::uuid`, `::bigint`), where a crafted cursor would be a 500; here each part
 * must have the shape this API writes, or the cursor is the same 400 naming `cursor`.
 */
export function decodeTypedCursor<K extends string>(
  cursor: string | undefined,
  shape: Record<K, CursorPart>,
): Record<K, string> | undefined {
  const keys = Object.keys(shape) as K[];
  const parsed = decodeCursor<Record<K, string | number>>(cursor, keys);
  if (parsed === undefined) return undefined;
  const typed = {} as Record<K, string>;
  for (const key of keys) {
    const value = String(parsed[key]);
    const part = shape[key];
    if (!PATTERNS[part].test(value) || (part === 'time' && !isRealTime(value))) {
      throw invalid([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
    }
    typed[key] = value;
  }
  return typed;
}

/** The regex lets 2026-02-31 and 24:00 through; a real moment prints back as itself. */
function isRealTime(value: string): boolean {
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
}
