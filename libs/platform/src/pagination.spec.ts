import { DomainError } from './errors/domain-error';
import { decodeCursor, encodeCursor, toPage } from './pagination';

const crafted = (parts: unknown) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

function refusal(cursor: string, shape: Parameters<typeof decodeCursor>[1]): DomainError {
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('cursors', () => {
  it('round-trips what encodeCursor wrote, including names with accents', () => {
    const cursor = encodeCursor({
      name: 'Noël Özdemir-de Jong',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      at: '2026-11-23T10:00:00.123456Z',
      seq: '42',
    });
    expect(decodeCursor(cursor, { name: 'text', id: 'uuid', at: 'time', seq: 'seq' })).toEqual({
      name: 'Noël Özdemir-de Jong',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      at: '2026-11-23T10:00:00.123456Z',
      seq: '42',
    });
    expect(decodeCursor(undefined, { seq: 'seq' })).toBeUndefined();
    expect(decodeCursor('', { seq: 'seq' })).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor', { seq: 'seq' } as const],
    ['an array', crafted([1]), { seq: 'seq' } as const],
    ['a missing part', crafted({}), { seq: 'seq' } as const],
    ['a non-numeric seq', crafted({ seq: 'x' }), { seq: 'seq' } as const],
    ['an impossible date', crafted({ at: '2026-02-31T00:00:00Z' }), { at: 'time' } as const],
    ['a date in another format', crafted({ at: 'yesterday' }), { at: 'time' } as const],
    ['a non-uuid id', crafted({ id: "1' OR 1=1" }), { id: 'uuid' } as const],
    ['a control character in text', crafted({ name: 'a\u0000b' }), { name: 'text' } as const],
    ['an object part', crafted({ seq: { $gt: 1 } }), { seq: 'seq' } as const],
    ['a 19-digit seq (beyond bigint)', crafted({ seq: '9'.repeat(19) }), { seq: 'seq' } as const],
    ['a 19-digit numeric seq', crafted({ seq: Number.MAX_SAFE_INTEGER * 1000 }), { seq: 'seq' } as const],
    ['year 0000', crafted({ at: '0000-01-01T00:00:00Z' }), { at: 'time' } as const],
    ['year 1899', crafted({ at: '1899-12-31T23:59:59Z' }), { at: 'time' } as const],
    ['year 3000', crafted({ at: '3000-01-01T00:00:00Z' }), { at: 'time' } as const],
    ['year 9999', crafted({ at: '9999-12-31T23:59:59.999999Z' }), { at: 'time' } as const],
  ])('refuses %s with a 400 naming cursor', (_what, cursor, shape) => {
    const error = refusal(cursor, shape);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe('invalid');
    expect(error.extras.errors).toEqual([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  });

  it('takes the bounds: 18-digit seqs, and times from 1900 to 2999', () => {
    expect(decodeCursor(crafted({ seq: '9'.repeat(18) }), { seq: 'seq' })).toEqual({ seq: '9'.repeat(18) });
    expect(decodeCursor(crafted({ at: '1900-01-01T00:00:00Z' }), { at: 'time' })).toEqual({ at: '1900-01-01T00:00:00Z' });
    expect(decodeCursor(crafted({ at: '2999-12-31T23:59:59.999999Z' }), { at: 'time' })).toEqual({ at: '2999-12-31T23:59:59.999999Z' });
  });

  it('pages one row past the limit into a cursor of the last row shown', () => {
    const page = toPage(
      [1, 2, 3],
      2,
      (n) => n * 10,
      (n) => ({ seq: String(n) }),
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, { seq: 'seq' })).toEqual({ seq: '2' });
    expect(
      toPage(
        [1, 2],
        2,
        (n) => n,
        (n) => ({ seq: String(n) }),
      ).nextCursor,
    ).toBeNull();
  });
});
