import type { FieldProblem } from '@oneroof/platform';

/** The deepest a request may nest objects and arrays; the body itself is level 1. */
export const MAX_INPUT_DEPTH = 32;
/** Enough to fix a request; a body full of NULs does not get a megabyte of problems back. */
export const MAX_PROBLEMS = 20;

const NUL = '\u0000';
/**
 * A UTF-16 surrogate with no partner (`"\ud800"` is valid JSON): no character at all. Postgres' json
 * and jsonb refuse it ("invalid input syntax", a 500), validator.js' isEmail throws on it (another
 * 500), and a text column silently stores U+FFFD instead of what was sent.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
const escaped = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** A key as a field name can show it: the NUL and lone surrogates written out. */
const shown = (key: string) => key.replaceAll(NUL, '\\u0000').replace(LONE_SURROGATES, escaped);
const child = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? shown(key) : `${parent}.${shown(key)}`;

const LONE_SURROGATE_TEXT = 'must not contain a lone UTF-16 surrogate (\\ud800 to \\udfff without its pair): it is not a character';
const loneSurrogate = (field: string) => `${field} ${LONE_SURROGATE_TEXT}`;

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * What no request value may hold, whatever its DTO says: a NUL character in any string or key
 * (Postgres' text and jsonb refuse it, "invalid byte sequence", a 500), a lone UTF-16 surrogate in
 * any string or key (see LONE_SURROGATE), or objects and arrays nested
 * deeper than MAX_INPUT_DEPTH (everything after this, class-transformer, JSON.stringify, recurses and
 * overflows the stack, another 500). Walks the value once, without recursion, in document order, and
 * names each problem's field as the validation errors do: `answers.q1`, `persons[0].lastName`.
 * `root` names the value itself (`''` for a whole body, query or set of path parameters).
 */
export function inputProblems(value: unknown, root = '', rootDepth = 1): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = (path: string) => (path === '' ? 'body' : path);
  const pending: Pending[] = [{ value, path: root, depth: rootDepth }];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes(NUL))
        problems.push({ field: name(path), message: `${name(path)} must not contain the NUL character (\\u0000)` });
      else if (LONE_SURROGATE.test(current)) problems.push({ field: name(path), message: loneSurrogate(name(path)) });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth > MAX_INPUT_DEPTH) {
      problems.push({ field: name(path), message: `${name(path)} is nested too deeply: at most ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    const children: Pending[] = [];
    if (Array.isArray(current)) {
      current.forEach((item, index) => children.push({ value: item, path: child(path, index), depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(current)) {
        const field = child(path, key);
        if (key.includes(NUL)) problems.push({ field, message: `${field}: a field name must not contain the NUL character (\\u0000)` });
        else if (LONE_SURROGATE.test(key)) problems.push({ field, message: `${field}: a field name ${LONE_SURROGATE_TEXT}` });
        children.push({ value: item, path: field, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return problems.slice(0, MAX_PROBLEMS);
}
