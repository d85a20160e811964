import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * At each start of the API or the worker: the one sentence that says the process logs in as a
 * superuser (which may switch off the audit trail's triggers with session_replication_role).
 */
export async function warnIfSuperuser(dataSource: DataSource, logger: Pick<Logger, 'warn'> = new Logger('Database')): Promise<boolean> {
  const rows = (await dataSource.query(
    `SELECT current_user AS role, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
  )) as {
    role: string;
    superuser: boolean;
  }[];
  const row = rows[0];
  if (!row?.superuser) return false;
  logger.warn(
    `connected to PostgreSQL as the superuser ${row.role}, which can rewrite the audit trail past its triggers: set DATABASE_APP_URL to a role that owns nothing (npm run migrate creates oneroof_app for that).`,
  );
  return true;
}
