import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail partitioned by month (design.md §6, §11; issue 11 "audit at scale").
 *
 * The schema this makes:
 * - audit_events: the same columns and checks as before, PARTITION BY RANGE (at), one partition a
 *   month (audit_events_yYYYYmMM, [first of the month, first of the next) in UTC) and
 *   audit_events_default for any time no month partition covers (an event dated far ahead by a
 *   clock). The primary key becomes (seq, at) and id's unique key (id, at): Postgres requires the
 *   partition key in every unique key of a partitioned table. seq still comes from the one sequence
 *   audit_events_seq_seq, and the hash chain covers seq and id, so a duplicate would break the chain.
 *   The search indexes (case, actor, action, at, person) are those of 1763900100000, per partition
 *   (the person index without GIN's pending list, see below).
 * - audit_chain: the same columns plus `at`, the time of the event the link seals, PARTITION BY
 *   RANGE (at) with the same months: a month's events and their links live and age together, and a
 *   link finds its event in one partition (join on seq and at). Primary key (position, at), seq
 *   unique per (seq, at).
 * - audit_seal_queue gains `at` (the event's time, written by AuditWriter with the seq), so that the
 *   sealer, too, finds each queued event in its one partition instead of probing every month.
 * - audit_add_month_partitions(month): creates both tables' partitions of one month when missing,
 *   each with the append-only triggers (the row trigger is cloned by Postgres; TRUNCATE triggers are
 *   not, so each partition gets its own) and exactly the rights its parent grants (so oneroof_app
 *   has SELECT, INSERT on a partition as on the parent: no role gets UPDATE or DELETE from the
 *   default privileges). A month whose time range already has rows in the default partition is left
 *   to the default (attaching it would fail), with a notice.
 * - audit_ensure_partitions(months_ahead): the current month and the next ones, SECURITY DEFINER so
 *   that the worker, logged in as the app role that owns and creates nothing, can run it (the
 *   worker's AuditPartitions job, every few hours). It takes only a number of months.
 *
 * The existing log is moved over in this migration's transaction, rows unchanged (seq, id and every
 * column kept, links by position), into partitions made for each month that holds events; a link
 * whose event is missing keeps its place too (dated by sealed_at), so that a break found before the
 * move is still found after it.
 */
export class AuditPartitions1766000100000 implements MigrationInterface {
  name = 'AuditPartitions1766000100000';

  async up(q: QueryRunner): Promise<void> {
    // The old tables step aside under other names, with their constraints and indexes renamed, so
    // that the new ones can take the names the code and the grant pass know.
    await q.query(`ALTER TABLE audit_events RENAME TO audit_events_unpartitioned`);
    await q.query(`ALTER TABLE audit_chain RENAME TO audit_chain_unpartitioned`);
    for (const [table, names] of [
      ['audit_events_unpartitioned', ['audit_events_pkey', 'audit_events_id_key']],
      ['audit_chain_unpartitioned', ['audit_chain_pkey', 'audit_chain_seq_key']],
    ] as const) {
      for (const name of names) await q.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${name} TO ${name}_unpartitioned`);
    }
    for (const index of ['case', 'actor', 'action', 'at', 'person']) {
      await q.query(`DROP INDEX audit_events_${index}_idx`);
    }

    await q.query(`
      CREATE TABLE audit_events (
        seq bigint NOT NULL DEFAULT nextval('audit_events_seq_seq'),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_discipline text,
        actor_organisation_id uuid,
        on_behalf_of_id uuid,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid,
        case_id uuid,
        person_ids uuid[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('success','denied','error')),
        purpose text NOT NULL CHECK (purpose IN ('team_member','prospective_receiver','emergency_access',
          'coordinator_oversight','administration')),
        request_id text,
        ip text,
        user_agent text,
        PRIMARY KEY (seq, at),
        UNIQUE (id, at)
      ) PARTITION BY RANGE (at)`);
    await q.query(`ALTER SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq`);
    await q.query(`CREATE INDEX audit_events_case_idx ON audit_events (case_id, at DESC, seq DESC) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, seq DESC)`);
    // fastupdate off: with it on, new entries pile up in the GIN index's pending list until a
    // vacuum merges them, and every person search reads the whole list (autovacuum is off on some
    // machines, and search must not depend on it); a person is one or two entries an event.
    await q.query(`CREATE INDEX audit_events_person_idx ON audit_events USING gin (person_ids) WITH (fastupdate = off)`);

    await q.query(`
      CREATE TABLE audit_chain (
        position bigint NOT NULL,
        seq bigint NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now(),
        event_id uuid,
        at timestamptz NOT NULL,
        PRIMARY KEY (position, at),
        UNIQUE (seq, at)
      ) PARTITION BY RANGE (at)`);

    for (const table of ['audit_events', 'audit_chain']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`REVOKE ALL ON ${table} FROM PUBLIC`);
    }
    // The rights the old tables had, to whoever had them (oneroof_app: SELECT, INSERT), and no
    // more: the default privileges gave the new tables UPDATE and DELETE, which the partitions made
    // below would otherwise copy.
    await q.query(`
      DO $$ DECLARE g record; BEGIN
        FOR g IN SELECT DISTINCT c.relname, a.grantee FROM pg_class c, aclexplode(c.relacl) a
                  WHERE c.oid IN ('audit_events'::regclass, 'audit_chain'::regclass) AND a.grantee <> c.relowner AND a.grantee <> 0 LOOP
          EXECUTE format('REVOKE ALL ON %I FROM %I', g.relname, pg_get_userbyid(g.grantee));
        END LOOP;
        FOR g IN
          SELECT pg_get_userbyid(a.grantee) AS role, t.new_name, string_agg(a.privilege_type, ', ') AS privileges
            FROM (VALUES ('audit_events_unpartitioned', 'audit_events'), ('audit_chain_unpartitioned', 'audit_chain')) t(old_name, new_name)
            JOIN pg_class c ON c.oid = to_regclass(t.old_name), aclexplode(c.relacl) a
           WHERE a.grantee <> c.relowner AND a.grantee <> 0
           GROUP BY a.grantee, t.new_name
        LOOP
          EXECUTE format('GRANT %s ON %I TO %I', g.privileges, g.new_name, g.role);
        END LOOP;
      END $$`);

    // A refused change names the table people know (audit_events), and the partition beside it.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent text := (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = TG_RELID LIMIT 1);
      BEGIN
        IF parent IS NULL THEN
          RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused (partition %)', TG_OP, parent, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_add_month_partitions(month date) RETURNS SETOF text
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        first date := date_trunc('month', month)::date;
        lo timestamptz := first::timestamp AT TIME ZONE 'UTC';
        hi timestamptz := (first + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        parent text;
        part text;
        g record;
      BEGIN
        -- Both tables' months together, so that a month's events and links share their fate.
        IF EXISTS (SELECT 1 FROM audit_events_default WHERE at >= lo AND at < hi)
           OR EXISTS (SELECT 1 FROM audit_chain_default WHERE at >= lo AND at < hi) THEN
          RAISE NOTICE 'the default partitions already have rows of %: that month stays there', to_char(first, 'YYYY-MM');
          RETURN;
        END IF;
        FOREACH parent IN ARRAY ARRAY['audit_events', 'audit_chain'] LOOP
          part := parent || to_char(first, '"_y"YYYY"m"MM');
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          -- Created apart and then attached: attaching takes a lighter lock on the parent than
          -- CREATE TABLE ... PARTITION OF, so audit writes of other months go on meanwhile.
          EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
          EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
          EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
            part || '_no_truncate', part);
          -- Exactly the parent's rights: first nothing for anyone but the owner (default
          -- privileges would give the app role UPDATE and DELETE), then what the parent grants.
          FOR g IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                    WHERE c.oid = to_regclass(part) AND a.grantee <> c.relowner LOOP
            EXECUTE format('REVOKE ALL ON %I FROM %s', part, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
          END LOOP;
          FOR g IN SELECT a.grantee, string_agg(a.privilege_type, ', ') AS privileges FROM pg_class c, aclexplode(c.relacl) a
                    WHERE c.oid = to_regclass(parent) AND a.grantee <> c.relowner GROUP BY a.grantee LOOP
            EXECUTE format('GRANT %s ON %I TO %s', g.privileges, part,
              CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
          END LOOP;
          RETURN NEXT part;
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_ensure_partitions(months_ahead integer DEFAULT 3) RETURNS SETOF text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '5s' AS $$
      DECLARE
        this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
        i integer;
      BEGIN
        IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
          RAISE EXCEPTION 'months_ahead must be 0 to 24, not %', months_ahead USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- Two workers at once: the second waits and then finds the partitions made.
        PERFORM pg_advisory_xact_lock(75130002);
        FOR i IN 0..months_ahead LOOP
          RETURN QUERY SELECT audit_add_month_partitions((this_month + make_interval(months => i))::date);
        END LOOP;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_add_month_partitions(date) FROM PUBLIC`);

    for (const table of ['audit_events', 'audit_chain']) {
      await q.query(`CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`);
      await q.query(`CREATE TRIGGER ${table}_default_no_truncate BEFORE TRUNCATE ON ${table}_default
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`
        DO $$ DECLARE g record; BEGIN
          FOR g IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                    WHERE c.oid = '${table}_default'::regclass AND a.grantee <> c.relowner LOOP
            EXECUTE format('REVOKE ALL ON ${table}_default FROM %s', CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
          END LOOP;
          FOR g IN SELECT a.grantee, string_agg(a.privilege_type, ', ') AS privileges FROM pg_class c, aclexplode(c.relacl) a
                    WHERE c.oid = '${table}'::regclass AND a.grantee <> c.relowner GROUP BY a.grantee LOOP
            EXECUTE format('GRANT %s ON ${table}_default TO %I', g.privileges, pg_get_userbyid(g.grantee));
          END LOOP;
        END $$`);
    }

    // Partitions for every month the old log holds, and for this month and the next three.
    await q.query(`
      SELECT audit_add_month_partitions(m)
        FROM (SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date AS m FROM audit_events_unpartitioned
              UNION SELECT DISTINCT date_trunc('month', sealed_at AT TIME ZONE 'UTC')::date FROM audit_chain_unpartitioned c
                     WHERE NOT EXISTS (SELECT 1 FROM audit_events_unpartitioned e WHERE e.seq = c.seq)
              UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date FROM generate_series(0, 3) i) months
       ORDER BY m`);

    // The move: every row as it was. ORDER BY only so that each partition is written in the log's order.
    await q.query(`INSERT INTO audit_events SELECT * FROM audit_events_unpartitioned ORDER BY seq`);
    await q.query(`
      INSERT INTO audit_chain (position, seq, prev_hash, hash, sealed_at, event_id, at)
      SELECT c.position, c.seq, c.prev_hash, c.hash, c.sealed_at, c.event_id, coalesce(e.at, c.sealed_at)
        FROM audit_chain_unpartitioned c LEFT JOIN audit_events_unpartitioned e ON e.seq = c.seq
       ORDER BY c.position`);
    await q.query(`ALTER TABLE audit_seal_queue ADD COLUMN at timestamptz`);
    await q.query(`UPDATE audit_seal_queue q SET at = e.at FROM audit_events_unpartitioned e WHERE e.seq = q.seq`);
    // A queued seq whose event is gone stays queued, dated now, for verify to report as before.
    await q.query(`UPDATE audit_seal_queue SET at = now() WHERE at IS NULL`);
    await q.query(`ALTER TABLE audit_seal_queue ALTER COLUMN at SET NOT NULL`);
    await q.query(`DROP TABLE audit_chain_unpartitioned`);
    await q.query(`DROP TABLE audit_events_unpartitioned`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events RENAME TO audit_events_partitioned`);
    await q.query(`ALTER TABLE audit_chain RENAME TO audit_chain_partitioned`);
    await q.query(`ALTER TABLE audit_events_partitioned RENAME CONSTRAINT audit_events_pkey TO audit_events_pkey_partitioned`);
    await q.query(`ALTER TABLE audit_chain_partitioned RENAME CONSTRAINT audit_chain_pkey TO audit_chain_pkey_partitioned`);
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY DEFAULT nextval('audit_events_seq_seq'),
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_discipline text,
        actor_organisation_id uuid,
        on_behalf_of_id uuid,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid,
        case_id uuid,
        person_ids uuid[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('success','denied','error')),
        purpose text NOT NULL CHECK (purpose IN ('team_member','prospective_receiver','emergency_access',
          'coordinator_oversight','administration')),
        request_id text,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE TABLE audit_chain (
        position bigint PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now(),
        event_id uuid
      )`);
    await q.query(`INSERT INTO audit_events SELECT * FROM audit_events_partitioned ORDER BY seq`);
    await q.query(
      `INSERT INTO audit_chain SELECT position, seq, prev_hash, hash, sealed_at, event_id FROM audit_chain_partitioned ORDER BY position`,
    );
    await q.query(`ALTER SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq`);
    await q.query(`DROP TABLE audit_chain_partitioned`);
    await q.query(`DROP TABLE audit_events_partitioned`);
    await q.query(`DROP FUNCTION audit_ensure_partitions(integer)`);
    await q.query(`DROP FUNCTION audit_add_month_partitions(date)`);
    await q.query(`ALTER TABLE audit_seal_queue DROP COLUMN at`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE INDEX audit_events_case_idx ON audit_events (case_id, at DESC, seq DESC) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_person_idx ON audit_events USING gin (person_ids)`);
    for (const table of ['audit_events', 'audit_chain']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oneroof_app') THEN
          GRANT SELECT, INSERT ON audit_events, audit_chain TO oneroof_app;
        END IF;
      END $$`);
  }
}
