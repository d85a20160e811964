import { PlatformError, type DomainError, type PlatformErrorCode } from '../errors/domain-error';
import type { Tx } from './db';

/**
 * The one answer to a write that names a version that is no longer current (design.md §4: 409),
 * whatever the resource: the same code, message shape and field for cases, persons, follow-ups and
 * handovers.
 */
export const staleVersion = (what: string): DomainError<PlatformErrorCode> =>
  new PlatformError('conflict', 'STALE_VERSION', `The ${what} was changed by someone else; reload it and try again.`, {
    errors: [{ field: 'version', message: 'version is not the current one' }],
  });

export interface VersionedUpdate {
  /** The table, with an alias if `returning` uses one (`case_persons AS p`): a fixed name from code, never input. */
  table: string;
  /** How the error names the row: `case`, `person`. */
  what: string;
  id: string;
  /**
   * The version the client read. `undefined` only where the API lets a client leave it out (a
   * person's PATCH, a handover's transitions): then the write is not guarded, but still counts.
   */
  version: number | undefined;
  /** Assignments besides the version; their parameters start at `$3` (`$1` is the id, `$2` the version). */
  set: string;
  params?: unknown[];
  /** More conditions on the row, ANDed (`case_id = $3`). */
  where?: string;
  returning?: string;
}

/**
 * Optimistic locking done by hand (typeorm #2848: a version column alone lets the last writer win):
 * `UPDATE … SET version = version + 1 WHERE id = $1 AND version = $2`, and zero rows means someone
 * else wrote first: one STALE_VERSION error, 409 at the edge. The caller knows the row exists (it
 * has checked, or the gate found it), so zero rows can mean nothing else. The statement also holds the
 * row lock until the transaction ends, so a caller may read the row after it and act on it alone.
 */
export async function updateVersioned<T = Record<string, unknown>>(tx: Tx, update: VersionedUpdate): Promise<T> {
  const result = await tx.execute<T>(
    `UPDATE ${update.table} SET ${update.set ? `${update.set}, ` : ''}version = version + 1
      WHERE id = $1 AND ($2::int IS NULL OR version = $2::int)${update.where ? ` AND (${update.where})` : ''}
      ${update.returning ? `RETURNING ${update.returning}` : ''}`,
    [update.id, update.version ?? null, ...(update.params ?? [])],
  );
  if (result.affected === 0) throw staleVersion(update.what);
  return result.rows[0];
}
