import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cases context's record of changes that the case file itself overwrites (issue 9: the
 * timeline shows urgency changes and person edits). A case PATCH that changes the urgency, and a
 * person PATCH that changes any field, add one row here in the same transaction as the change.
 * A person edit keeps the names of the fields that changed, never their values: the timeline says
 * who changed what about whom, the person's current data says what it is now.
 * Append-only, like the journal: history is not edited.
 */
export class CaseChangeRecords1764000500100 implements MigrationInterface {
  name = 'CaseChangeRecords1764000500100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_change_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('case.urgency_changed','person.updated')),
        person_id uuid REFERENCES case_persons(id),
        changed_fields text[] NOT NULL DEFAULT '{}' CHECK (changed_fields <@ ARRAY['firstName','lastName','dateOfBirth','familyRole',
          'involvement','confidentialAddress']::text[]),
        urgency_from text CHECK (urgency_from IN ('acute','urgent','regular')),
        urgency_to text CHECK (urgency_to IN ('acute','urgent','regular')),
        actor_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL,
        CHECK (kind <> 'case.urgency_changed' OR (person_id IS NULL AND urgency_from IS NOT NULL AND urgency_to IS NOT NULL
          AND urgency_from <> urgency_to AND cardinality(changed_fields) = 0)),
        CHECK (kind <> 'person.updated' OR (person_id IS NOT NULL AND urgency_from IS NULL AND urgency_to IS NULL
          AND cardinality(changed_fields) > 0))
      )`);
    await q.query(`CREATE INDEX case_change_records_case_idx ON case_change_records (case_id, at)`);
    await q.query(`
      CREATE FUNCTION case_change_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case change records are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER case_change_records_no_change BEFORE UPDATE OR DELETE ON case_change_records
      FOR EACH ROW EXECUTE FUNCTION case_change_records_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_change_records`);
    await q.query(`DROP FUNCTION case_change_records_append_only()`);
  }
}
