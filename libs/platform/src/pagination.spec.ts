import { DomainError } from './errors/domain-error';
import { decodeCursor, encodeCursor, toPage } from './pagination';

/** A cursor of the list `things` with the given parts, as a client could forge one. */
const crafted = (parts: unknown) =>
  Buffer.from(JSON.stringify(Array.isArray(parts) ? parts : { list: 'things', ...(parts as object) }), 'utf8').toString('base64url');

function refusal(cursor: string, shape: Parameters<typeof decodeCursor>[2], list = 'things'): DomainError {
  try {
    decodeCursor(cursor, list, shape);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('cursors', () => {
  it('round-trips what encodeCursor wrote, including names with accents', () => {
    const cursor = encodeCursor('things', {
      name: 'Noël Özdemir-de Jong',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      at: '2026-11-23T10:00:00.123456Z',
      seq: '42',
    });
    expect(decodeCursor(cursor, 'things', { name: 'text', id: 'uuid', at: 'time', seq: 'seq' })).toEqual({
      name: 'Noël Özdemir-de Jong',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      at: '2026-11-23T10:00:00.123456Z',
      seq: '42',
    });
    expect(decodeCursor(undefined, 'things', { seq: 'seq' })).toBeUndefined();
    expect(decodeCursor('', 'things', { seq: 'seq' })).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor', { seq: 'seq' } as const],
    ['an array', crafted([1]), { seq: 'seq' } as const],
    [
      'no list (a cursor from before lists were named)',
      Buffer.from(JSON.stringify({ seq: '1' })).toString('base64url'),
      { seq: 'seq' } as const,
    ],
    ['a list that is not a string', Buffer.from(JSON.stringify({ list: 1, seq: '1' })).toString('base64url'), { seq: 'seq' } as const],
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
    expect(decodeCursor(crafted({ seq: '9'.repeat(18) }), 'things', { seq: 'seq' })).toEqual({ seq: '9'.repeat(18) });
    expect(decodeCursor(crafted({ at: '1900-01-01T00:00:00Z' }), 'things', { at: 'time' })).toEqual({ at: '1900-01-01T00:00:00Z' });
    expect(decodeCursor(crafted({ at: '2999-12-31T23:59:59.999999Z' }), 'things', { at: 'time' })).toEqual({
      at: '2999-12-31T23:59:59.999999Z',
    });
  });

  it('pages one row past the limit into a cursor of the last row shown', () => {
    const page = toPage(
      [1, 2, 3],
      2,
      (n) => n * 10,
      (n) => ({ seq: String(n) }),
      'things',
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, 'things', { seq: 'seq' })).toEqual({ seq: '2' });
    expect(
      toPage(
        [1, 2],
        2,
        (n) => n,
        (n) => ({ seq: String(n) }),
        'things',
      ).nextCursor,
    ).toBeNull();
  });

  it('refuses a cursor of another list, even one of the same shape, with a 400 naming cursor', () => {
    const cursor = encodeCursor('agenda', { at: '2026-11-23T10:00:00Z', id: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(decodeCursor(cursor, 'agenda', { at: 'time', id: 'uuid' })).toEqual({
      at: '2026-11-23T10:00:00Z',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    const error = refusal(cursor, { at: 'time', id: 'uuid' }, 'handovers');
    expect(error.kind).toBe('invalid');
    expect(error.extras.errors).toEqual([
      { field: 'cursor', message: 'cursor belongs to another list: take it from a page of this list, or leave it out' },
    ]);
  });
});
