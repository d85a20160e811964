import { inputProblems, MAX_INPUT_DEPTH } from './input-guard';

/** `{a: {a: … 1}}` with `levels` objects, built without recursion. */
const nested = (levels: number, wrap: (inner: unknown) => unknown = (inner) => ({ a: inner })): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
};
const fields = (value: unknown, root?: string, depth?: number) => inputProblems(value, root, depth).map((p) => p.field);

describe('inputProblems: NUL characters, lone surrogates and deep nesting, anywhere in a request value', () => {
  it('finds nothing in an ordinary body', () => {
    expect(inputProblems({ name: 'Noël', persons: [{ lastName: 'Jansen', tags: ['a', null, 1, true] }], answers: { q1: 'yes' } })).toEqual(
      [],
    );
    expect(inputProblems({})).toEqual([]);
  });

  it('names each string with a NUL by its path, in document order', () => {
    const body = {
      summary: 'a\u0000b',
      persons: [{ firstName: 'ok' }, { firstName: 'Jan', lastName: '\u0000' }],
      answers: { q1: 'ja\u0000', list: ['x', { deeper: '\u0000' }] },
    };
    expect(inputProblems(body)).toEqual([
      { field: 'summary', message: 'summary must not contain the NUL character (\\u0000)' },
      { field: 'persons[1].lastName', message: 'persons[1].lastName must not contain the NUL character (\\u0000)' },
      { field: 'answers.q1', message: 'answers.q1 must not contain the NUL character (\\u0000)' },
      { field: 'answers.list[1].deeper', message: 'answers.list[1].deeper must not contain the NUL character (\\u0000)' },
    ]);
  });

  it('names a key with a NUL, the NUL written out', () => {
    expect(inputProblems({ answers: { 'q\u00001': 'ja' } })).toEqual([
      { field: 'answers.q\\u00001', message: 'answers.q\\u00001: a field name must not contain the NUL character (\\u0000)' },
    ]);
  });

  it('names each string and key with a lone surrogate, and takes well-formed pairs', () => {
    const body = { a: '\ud800', b: 'x\udfffy', ok: 'Noël 😀', list: ['\ud83d'], ['k\udc00']: 1, ['😀']: 'fine' };
    expect(fields(body)).toEqual(['k\\udc00', 'a', 'b', 'list[0]']); // keys are named as their object is reached
    expect(inputProblems({ a: '\ud800' })[0].message).toBe(
      'a must not contain a lone UTF-16 surrogate (\\ud800 to \\udfff without its pair): it is not a character',
    );
    expect(inputProblems({ ['k\udc00']: 1 })[0].message).toMatch(/^k\\udc00: a field name must not contain a lone UTF-16 surrogate/);
  });

  it('names a query or path parameter, or the single value it is given', () => {
    expect(fields({ action: 'case.re\u0000ad', limit: '10' })).toEqual(['action']);
    expect(fields({ id: '\u0000' })).toEqual(['id']);
    expect(fields({ status: ['planned', 'x\u0000'] })).toEqual(['status[1]']);
    expect(fields('abc\u0000', 'id', 2)).toEqual(['id']);
  });

  it(`takes ${MAX_INPUT_DEPTH} levels and refuses the ${MAX_INPUT_DEPTH + 1}th, naming where it starts`, () => {
    // The body is level 1, so a body holding answers nested 31 objects deep has 32 levels.
    expect(inputProblems({ answers: nested(MAX_INPUT_DEPTH - 1) })).toEqual([]);
    expect(inputProblems({ answers: nested(MAX_INPUT_DEPTH) })).toEqual([
      {
        field: 'answers' + '.a'.repeat(MAX_INPUT_DEPTH - 1),
        message: `answers${'.a'.repeat(MAX_INPUT_DEPTH - 1)} is nested too deeply: at most ${MAX_INPUT_DEPTH} levels`,
      },
    ]);
    expect(fields({ list: nested(MAX_INPUT_DEPTH - 1, (inner) => [inner]) })).toEqual([]);
    expect(fields({ list: nested(MAX_INPUT_DEPTH, (inner) => [inner]) })).toEqual(['list' + '[0]'.repeat(MAX_INPUT_DEPTH - 1)]);
  });

  it('walks 100,000 levels without overflowing the stack, stopping at the limit', () => {
    expect(fields({ answers: nested(100_000) })).toEqual(['answers' + '.a'.repeat(MAX_INPUT_DEPTH - 1)]);
    expect(fields({ answers: nested(100_000, (inner) => [inner]) })).toEqual(['answers' + '[0]'.repeat(MAX_INPUT_DEPTH - 1)]);
  });

  it('reports at most 20 problems', () => {
    const body = { list: Array.from({ length: 1000 }, () => '\u0000') };
    const problems = inputProblems(body);
    expect(problems).toHaveLength(20);
    expect(problems[0].field).toBe('list[0]');
    expect(problems[19].field).toBe('list[19]');
  });

  it('walks a wide body (half a million items) without overflowing the stack', () => {
    // A recursion per item would overflow here; its speed is bench's business, not a test's.
    expect(inputProblems({ list: new Array(500_000).fill('ok') })).toEqual([]);
  });
});
