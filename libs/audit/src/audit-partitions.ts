import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';

/** This month and the next three: a worker that is down for weeks still leaves a month ahead. */
export const PARTITION_MONTHS_AHEAD = 3;

export interface AuditPartitionInfo {
  table: 'audit_events' | 'audit_chain';
  name: string;
  /** Inclusive lower bound; null for the default partition. */
  from: Date | null;
  /** Exclusive upper bound; null for the default partition. */
  to: Date | null;
}

/**
 * The audit trail's month partitions (migration 1766000100000). Creating one is the database's
 * function audit_ensure_partitions, SECURITY DEFINER, because the app role that the worker logs in
 * as owns and creates nothing; it makes each missing month with the append-only triggers and the
 * parent's rights, and is safe to run from several workers at once.
 */
@Injectable()
export class AuditPartitions {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** The partitions it created (none when they were all there). */
  async ensureAhead(monthsAhead: number = PARTITION_MONTHS_AHEAD): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(`SELECT audit_ensure_partitions($1) AS name`, [monthsAhead]);
    return rows.map((r) => r.name);
  }

  /** Every partition of both tables, oldest month first, the default ones last. */
  async list(): Promise<AuditPartitionInfo[]> {
    const rows = await this.db.query<{ table: AuditPartitionInfo['table']; name: string; bound: string }>(
      `SELECT p.relname AS table, c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname IN ('audit_events', 'audit_chain') AND p.relnamespace = 'public'::regnamespace
        ORDER BY p.relname DESC, c.relname`,
    );
    return rows.map((row) => {
      const match = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(row.bound);
      return { table: row.table, name: row.name, from: match ? new Date(match[1]) : null, to: match ? new Date(match[2]) : null };
    });
  }
}
