import { Inject, Injectable } from '@nestjs/common';
import { Db, decodeCursor, notFound, toPage, type Page } from '@oneroof/platform';
import { isUuid, type NotificationSubjectType } from './routing';

/** design.md §2: what a recipient sees. Case reference and what happened, nothing personal. */
export interface Notification {
  id: string;
  recipientId: string;
  kind: string;
  caseId: string | null;
  caseReference: string | null;
  title: string;
  /** What it is about, so that a click opens it; null for notifications from before subjects were kept. */
  subjectType: NotificationSubjectType | null;
  subjectId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

interface NotificationRow {
  id: string;
  seq: string;
  recipient_id: string;
  kind: string;
  case_id: string | null;
  case_reference: string | null;
  title: string;
  subject_type: NotificationSubjectType | null;
  subject_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'id, seq, recipient_id, kind, case_id, case_reference, title, subject_type, subject_id, created_at, read_at';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  recipientId: row.recipient_id,
  kind: row.kind,
  caseId: row.case_id,
  caseReference: row.case_reference,
  title: row.title,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/** The inbox of one user: newest first; only ever the caller's own notifications. */
@Injectable()
export class InboxService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(recipientId: string, options: { unread?: boolean; limit: number; cursor?: string }): Promise<Page<Notification>> {
    const after = decodeCursor(options.cursor, 'notifications', { seq: 'seq' });
    const rows = await this.db.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM notifications
        WHERE recipient_id = $1
          AND ($2::boolean IS NOT TRUE OR read_at IS NULL)
          AND ($3::bigint IS NULL OR seq < $3::bigint)
        ORDER BY seq DESC
        LIMIT $4`,
      [recipientId, options.unread === true, after?.seq ?? null, options.limit + 1],
    );
    return toPage(rows, options.limit, toNotification, (row) => ({ seq: String(row.seq) }), 'notifications');
  }

  /** Marks one of the caller's notifications read (again: idempotent). Another's or an unknown id: 404. */
  async markRead(recipientId: string, id: string): Promise<Notification> {
    if (!isUuid(id)) throw notFound('notification');
    const [row] = await this.db.query<NotificationRow>(
      `UPDATE notifications SET read_at = COALESCE(read_at, now())
        WHERE id = $1 AND recipient_id = $2
        RETURNING ${COLUMNS}`,
      [id, recipientId],
    );
    if (!row) throw notFound('notification');
    return toNotification(row);
  }
}
