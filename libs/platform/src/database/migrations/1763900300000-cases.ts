import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASES_TIMELINE_1763900300000, timelineView } from './timeline-branches';

/**
 * The family case file (design.md §2): cases, persons, team memberships, the journal, emergency
 * access, the handover hook that access needs, and idempotency keys for the API's writes.
 */
export class Cases1763900300000 implements MigrationInterface {
  name = 'Cases1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_reference_counters (year integer PRIMARY KEY, last_number integer NOT NULL)`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE CHECK (reference ~ '^MDC-[0-9]{4}-[0-9]{6}$'),
        status text NOT NULL DEFAULT 'intake' CHECK (status IN ('intake','active','closed')),
        urgency text NOT NULL CHECK (urgency IN ('acute','urgent','regular')),
        source text NOT NULL CHECK (source IN ('police','veilig_thuis','medical','school','family','other')),
        summary text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by uuid REFERENCES users(id),
        close_reason text,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX cases_listing_idx ON cases (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_status_idx ON cases (status, urgency)`);

    await q.query(`
      CREATE TABLE case_persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        first_name text NOT NULL,
        last_name text NOT NULL,
        date_of_birth date,
        family_role text NOT NULL CHECK (family_role IN ('child','parent','step_parent','caregiver','sibling','partner','other_family','network')),
        involvement text NOT NULL CHECK (involvement IN ('victim','alleged_perpetrator','witness','reporter','none')),
        confidential_address text,
        version integer NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_persons_case_idx ON case_persons (case_id, created_at)`);

    await q.query(`
      CREATE TABLE case_memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        user_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL CHECK (role IN ('lead','member')),
        since timestamptz NOT NULL,
        added_by uuid REFERENCES users(id),
        until timestamptz,
        ended_by uuid REFERENCES users(id),
        ended_reason text,
        CHECK (until IS NULL OR until >= since)
      )`);
    // One current membership per user and case; at most one current lead per case.
    await q.query(`CREATE UNIQUE INDEX case_memberships_current_key ON case_memberships (case_id, user_id) WHERE until IS NULL`);
    await q.query(`CREATE UNIQUE INDEX case_memberships_one_lead_key ON case_memberships (case_id) WHERE role = 'lead' AND until IS NULL`);
    await q.query(`CREATE INDEX case_memberships_user_idx ON case_memberships (user_id) WHERE until IS NULL`);
    // ... and at least one: checked at commit, so that a lead can be handed over within one transaction.
    await q.query(`
      CREATE FUNCTION case_check_one_lead(target uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        leads integer;
      BEGIN
        IF EXISTS (SELECT 1 FROM cases WHERE id = target AND status <> 'closed') THEN
          SELECT count(*) INTO leads FROM case_memberships WHERE case_id = target AND role = 'lead' AND until IS NULL;
          IF leads <> 1 THEN
            RAISE EXCEPTION 'case % must have exactly one lead while open (has %)', target, leads USING ERRCODE = 'check_violation';
          END IF;
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_memberships_require_one_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN PERFORM case_check_one_lead(OLD.case_id); ELSE PERFORM case_check_one_lead(NEW.case_id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION cases_require_one_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM case_check_one_lead(NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER case_memberships_one_lead AFTER INSERT OR UPDATE OR DELETE ON case_memberships
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION case_memberships_require_one_lead()`);
    await q.query(`CREATE CONSTRAINT TRIGGER cases_one_lead AFTER INSERT OR UPDATE ON cases
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cases_require_one_lead()`);

    await q.query(`
      CREATE TABLE case_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        author_id uuid NOT NULL REFERENCES users(id),
        author_discipline text NOT NULL,
        visibility text NOT NULL CHECK (visibility IN ('team','discipline')),
        kind text NOT NULL CHECK (kind IN ('note','contact','observation','decision')),
        body text NOT NULL,
        person_ids uuid[] NOT NULL DEFAULT '{}',
        corrects_entry_id uuid REFERENCES case_entries(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_entries_case_idx ON case_entries (case_id, created_at DESC, seq DESC)`);
    // Entries are never edited or deleted: a correction is a new entry (design.md §2).
    await q.query(`
      CREATE FUNCTION case_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'journal entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER case_entries_no_change BEFORE UPDATE OR DELETE ON case_entries
      FOR EACH ROW EXECUTE FUNCTION case_entries_append_only()`);

    await q.query(`
      CREATE TABLE emergency_access_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        user_id uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL CHECK (length(reason) >= 20),
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > granted_at),
        review_verdict text CHECK (review_verdict IN ('justified','unjustified')),
        review_note text,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        CHECK ((review_verdict IS NULL) = (reviewed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX emergency_access_grants_lookup_idx ON emergency_access_grants (case_id, user_id, expires_at DESC)`);
    await q.query(`CREATE INDEX emergency_access_grants_user_idx ON emergency_access_grants (user_id, expires_at DESC)`);

    // Everything that happened in a case, one row each (design.md §4 timeline). Later contexts
    // redefine this view with their own branches (interviews, examinations, handovers, ...). A row
    // whose restricted_discipline is set shows its detail only to that discipline; the reader's
    // query does the masking, so nothing restricted ever leaves Postgres for the wrong reader.
    await q.query(timelineView(CASES_TIMELINE_1763900300000));

    // The warm-transfer hook of access (design.md §3): the receiver of an open handover may read.
    // The handovers context extends this table with its checklist, meeting and timestamps.
    await q.query(`
      CREATE TABLE handovers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        from_user_id uuid NOT NULL REFERENCES users(id),
        to_user_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('proposed','briefed','accepted','declined','withdrawn')),
        proposed_at timestamptz NOT NULL,
        CHECK (from_user_id <> to_user_id)
      )`);
    await q.query(`CREATE INDEX handovers_open_receiver_idx ON handovers (to_user_id, case_id) WHERE status IN ('proposed','briefed')`);
    await q.query(
      `CREATE UNIQUE INDEX handovers_one_open_per_sender_key ON handovers (case_id, from_user_id) WHERE status IN ('proposed','briefed')`,
    );

    // design.md §4: a retry with the same Idempotency-Key returns the first answer. Stored with the
    // work, in its transaction, so that "answered" and "done" cannot disagree.
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW case_timeline`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE handovers`);
    await q.query(`DROP TABLE emergency_access_grants`);
    await q.query(`DROP TABLE case_entries`);
    await q.query(`DROP FUNCTION case_entries_append_only()`);
    await q.query(`DROP TABLE case_memberships`);
    await q.query(`DROP TABLE case_persons`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP FUNCTION cases_require_one_lead()`);
    await q.query(`DROP FUNCTION case_memberships_require_one_lead()`);
    await q.query(`DROP FUNCTION case_check_one_lead(uuid)`);
    await q.query(`DROP TABLE case_reference_counters`);
  }
}
