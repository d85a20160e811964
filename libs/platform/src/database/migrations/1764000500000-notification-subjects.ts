import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a notification is about (issue 9, "what clients need"): the kind and id of its subject (a
 * follow-up, a handover, an emergency access grant, a shared record, or the case itself), so that a
 * click opens it. Ids only, never personal details. Filled by the router from the event's payload;
 * rows from before this migration stay null, and so does a notification whose event named no
 * well-formed subject. The kind is checked by pattern, not by list: the router's table is the list,
 * and a later context (conferences) adds its kind there without a migration.
 */
export class NotificationSubjects1764000500000 implements MigrationInterface {
  name = 'NotificationSubjects1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN subject_type text CHECK (subject_type ~ '^[a-z][a-z_]{0,39}$'),
        ADD COLUMN subject_id uuid,
        ADD CONSTRAINT notifications_subject_pair CHECK ((subject_type IS NULL) = (subject_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_pair, DROP COLUMN subject_id, DROP COLUMN subject_type`);
  }
}
