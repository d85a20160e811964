import { randomUUID } from 'node:crypto';

/** A small seeded generator (mulberry32), so that a run can be repeated with FUZZ_SEED. */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A JSON text that must be sent as is: too deep for JSON.stringify, or with keys a JS object cannot carry. */
export class RawJson {
  constructor(readonly text: string) {}
}

const deepObject = (depth: number) => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const deepArray = (depth: number) => new RawJson('['.repeat(depth) + '1' + ']'.repeat(depth));
/** An object whose own keys are `__proto__` or `constructor`: JSON.parse makes them own properties, as a server's parser would. */
const protoObject = (text: string) => new RawJson(text);

export interface Hostile {
  category: string;
  label: string;
  value: () => unknown;
}

/** The hostile values one field is replaced with. */
export const HOSTILE_VALUES: Hostile[] = [
  // wrong types
  { category: 'wrong types', label: 'number 0', value: () => 0 },
  { category: 'wrong types', label: 'number -1', value: () => -1 },
  { category: 'wrong types', label: 'fraction', value: () => 1.5 },
  { category: 'wrong types', label: 'true', value: () => true },
  { category: 'wrong types', label: 'false', value: () => false },
  { category: 'wrong types', label: 'null', value: () => null },
  { category: 'wrong types', label: 'empty object', value: () => ({}) },
  { category: 'wrong types', label: 'empty array', value: () => [] },
  { category: 'wrong types', label: 'a string', value: () => 'fuzz' },
  { category: 'wrong types', label: 'numeric string', value: () => '42' },
  { category: 'wrong types', label: 'boolean string', value: () => 'true' },
  // lone surrogates (valid JSON, no characters)
  { category: 'lone surrogates', label: 'lone high surrogate', value: () => '\ud800' },
  { category: 'lone surrogates', label: 'lone low surrogate inside text', value: () => 'Jan\udfffsen' },
  { category: 'lone surrogates', label: 'surrogates reversed', value: () => '\udc00\ud800' },
  { category: 'lone surrogates', label: 'lone surrogate key', value: () => ({ '\ud800': 'x' }) },
  { category: 'lone surrogates', label: 'lone surrogate in an array', value: () => ['\udbff'] },
  // NUL and control characters
  { category: 'NUL and control characters', label: 'NUL', value: () => 'a\u0000b' },
  { category: 'NUL and control characters', label: 'control characters', value: () => '\u0001\u0007\u001b[31m\u007f' },
  { category: 'NUL and control characters', label: 'CR LF injection', value: () => 'line\r\nSet-Cookie: x=1' },
  { category: 'NUL and control characters', label: 'right-to-left override', value: () => '\u202egnp.exe' },
  { category: 'NUL and control characters', label: 'zero-width and BOM', value: () => '\ufeff\u200b\u200d' },
  { category: 'NUL and control characters', label: 'NUL key', value: () => ({ 'a\u0000': 1 }) },
  // nested arrays
  { category: 'nested arrays', label: '[[]]', value: () => [[]] },
  { category: 'nested arrays', label: '[[[]]]', value: () => [[[]]] },
  { category: 'nested arrays', label: '[[{}]]', value: () => [[{}]] },
  { category: 'nested arrays', label: '[null]', value: () => [null] },
  { category: 'nested arrays', label: 'mixed array', value: () => [1, 'a', {}, [], null, true] },
  { category: 'nested arrays', label: 'array of 10,000', value: () => new Array(10_000).fill('x') },
  // huge and empty strings
  { category: 'huge and empty strings', label: 'empty string', value: () => '' },
  { category: 'huge and empty strings', label: 'blank string', value: () => '   ' },
  { category: 'huge and empty strings', label: 'string of 10,001', value: () => 'a'.repeat(10_001) },
  { category: 'huge and empty strings', label: 'string of 100,000', value: () => 'é'.repeat(100_000) },
  { category: 'huge and empty strings', label: 'string over 1 MiB', value: () => 'a'.repeat(1_100_000) },
  { category: 'huge and empty strings', label: 'emoji string', value: () => '😀'.repeat(300) },
  { category: 'huge and empty strings', label: 'combining marks', value: () => 'a\u0301'.repeat(3000) },
  // deep nesting
  { category: 'deep nesting', label: 'object 40 deep', value: () => deepObject(40) },
  { category: 'deep nesting', label: 'object 20,000 deep', value: () => deepObject(20_000) },
  { category: 'deep nesting', label: 'array 20,000 deep', value: () => deepArray(20_000) },
  // huge numbers
  { category: 'huge numbers', label: '1e308', value: () => 1e308 },
  { category: 'huge numbers', label: '-1e308', value: () => -1e308 },
  { category: 'huge numbers', label: '2^53 + 2', value: () => 2 ** 53 + 2 },
  { category: 'huge numbers', label: 'int4 max + 1', value: () => 2147483648 },
  { category: 'huge numbers', label: 'int8 max + 1', value: () => new RawJson('9223372036854775808') },
  { category: 'huge numbers', label: 'a number of 400 digits', value: () => new RawJson('9'.repeat(400)) },
  { category: 'huge numbers', label: '1e-320', value: () => 1e-320 },
  { category: 'huge numbers', label: '-0', value: () => new RawJson('-0') },
  { category: 'huge numbers', label: 'exponent', value: () => new RawJson('1E400') },
  // bad uuids
  { category: 'bad uuids', label: 'nil uuid', value: () => '00000000-0000-0000-0000-000000000000' },
  { category: 'bad uuids', label: 'unknown uuid', value: () => randomUUID() },
  { category: 'bad uuids', label: 'uppercase uuid', value: () => randomUUID().toUpperCase() },
  { category: 'bad uuids', label: 'uuid in braces', value: () => `{${randomUUID()}}` },
  { category: 'bad uuids', label: 'uuid without dashes', value: () => randomUUID().replaceAll('-', '') },
  { category: 'bad uuids', label: 'not a uuid', value: () => "1' OR '1'='1" },
  { category: 'bad uuids', label: 'uuid with NUL', value: () => `${randomUUID()}\u0000` },
  // bad dates
  { category: 'bad dates', label: '31 February', value: () => '2026-02-31T10:00:00Z' },
  { category: 'bad dates', label: 'year 0000', value: () => '0000-01-01T00:00:00Z' },
  { category: 'bad dates', label: 'year 9999', value: () => '9999-12-31T23:59:59Z' },
  { category: 'bad dates', label: 'year 275760', value: () => '+275760-09-13T00:00:00Z' },
  { category: 'bad dates', label: 'month 13', value: () => '2026-13-01' },
  { category: 'bad dates', label: 'a word for a date', value: () => 'yesterday' },
  { category: 'bad dates', label: 'offset +25:00', value: () => '2026-12-01T10:00:00+25:00' },
  { category: 'bad dates', label: 'epoch milliseconds', value: () => 1764583200000 },
  { category: 'bad dates', label: 'a date in the past', value: () => '2001-01-01T00:00:00Z' },
  { category: 'bad dates', label: 'far in the future', value: () => '2999-12-31T23:59:59Z' },
  // prototype keys
  { category: 'prototype keys', label: '__proto__ key', value: () => protoObject('{"__proto__":{"polluted":true,"admin":true}}') },
  {
    category: 'prototype keys',
    label: 'constructor.prototype key',
    value: () => protoObject('{"constructor":{"prototype":{"polluted":true}}}'),
  },
  { category: 'prototype keys', label: 'prototype key', value: () => ({ prototype: { polluted: true } }) },
  { category: 'prototype keys', label: '__proto__ as a string', value: () => '__proto__' },
  // injections, for completeness
  { category: 'injections', label: 'SQL', value: () => "'; DROP TABLE cases; --" },
  { category: 'injections', label: 'format string', value: () => '%s%s%s%n{0}${7*7}' },
];

/** Keys added to an object of the body (at any depth), beside its own. */
export const HOSTILE_KEYS: { label: string; key: string }[] = [
  { label: 'added __proto__', key: '__proto__' },
  { label: 'added constructor', key: 'constructor' },
  { label: 'added unknown field', key: 'fuzzUnknown' },
  { label: 'added key with a lone surrogate', key: 'k\ud800' },
  { label: 'added empty key', key: '' },
];

/** Every place in a value that can be replaced: `[]` is the value itself. */
export function placesIn(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => placesIn(item, [...path, i], out));
  else if (value !== null && typeof value === 'object' && !(value instanceof RawJson))
    for (const [key, item] of Object.entries(value)) placesIn(item, [...path, key], out);
  return out;
}

export function objectsIn(value: unknown): (string | number)[][] {
  return placesIn(value).filter((path) => {
    const at = get(value, path);
    return at !== null && typeof at === 'object' && !Array.isArray(at) && !(at instanceof RawJson);
  });
}

export function get(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)?.[key], value);
}

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** A copy of `value` with the place at `path` replaced by `replacement` (the whole value when path is empty). */
export function replaced(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = clone(value) as Record<string | number, unknown>;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

export function withKey(value: unknown, path: (string | number)[], key: string, keyValue: unknown): unknown {
  const copy = clone(value) as Record<string, unknown>;
  const target = (path.length === 0 ? copy : get(copy, path)) as Record<string, unknown>;
  // defineProperty: an assignment to `__proto__` would set the prototype instead of a key.
  Object.defineProperty(target, key, { value: keyValue, enumerable: true, configurable: true, writable: true });
  return copy;
}

export function withoutKey(value: unknown, path: (string | number)[]): unknown {
  const copy = clone(value) as Record<string, unknown>;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
  else delete parent[path[path.length - 1]];
  return copy;
}

/** JSON text of a value that may hold RawJson parts (placed where they stand). */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `\u0000raw:${raws.length - 1}\u0000`;
    }
    return item;
  });
  if (text === undefined) return 'null';
  return raws.length === 0 ? text : text.replace(/"\\u0000raw:(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]);
}

/** Text for a query or path parameter: most hostile values, as text. */
export const HOSTILE_PARAMS: { label: string; text: string }[] = [
  { label: 'empty', text: '' },
  { label: 'a word', text: 'fuzz' },
  { label: 'nil uuid', text: '00000000-0000-0000-0000-000000000000' },
  { label: 'uuid in braces', text: `{${'0f8fad5b-d9cb-469f-a165-70867728950e'}}` },
  { label: 'NUL', text: '%00' },
  { label: 'lone surrogate (CESU-8 bytes)', text: '%ED%A0%80' },
  { label: 'invalid UTF-8', text: '%C3%28%FF' },
  { label: 'bad percent escape', text: '%E0%A4%A' },
  { label: 'control characters', text: '%01%1B%7F' },
  { label: 'number beyond int8', text: '9223372036854775808' },
  { label: 'negative', text: '-1' },
  { label: 'fraction', text: '1.5' },
  { label: 'exponent', text: '1e400' },
  { label: 'hex', text: '0x10' },
  { label: 'long string', text: 'a'.repeat(5000) },
  { label: 'path traversal', text: '..%2F..%2Fetc%2Fpasswd' },
  { label: 'SQL', text: "'%20OR%201%3D1--" },
  { label: 'a bad date', text: '2026-02-31T10:00:00Z' },
  { label: 'year 0000', text: '0000-01-01T00:00:00Z' },
  { label: '__proto__', text: '__proto__' },
  { label: 'constructor', text: 'constructor' },
  { label: 'bracket array', text: '[]' },
];
