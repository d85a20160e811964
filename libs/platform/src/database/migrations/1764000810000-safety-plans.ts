import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The family's safety plan (veiligheidsplan, design.md §7): versions (one current per case), their
 * agreements with checks and the next check's moment, and goals per person with their track.
 */
export class SafetyPlans1764000810000 implements MigrationInterface {
  name = 'SafetyPlans1764000810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        version integer NOT NULL CHECK (version >= 1),
        status text NOT NULL DEFAULT 'current' CHECK (status IN ('current','superseded')),
        phase text NOT NULL CHECK (phase IN ('immediate_safety','stabilisation','recovery')),
        agreed_at timestamptz NOT NULL,
        agreed_with_person_ids uuid[] NOT NULL DEFAULT '{}',
        review_at timestamptz NOT NULL,
        no_perpetrator_goal_reason text,
        -- Every person the plan names (agreed with, agreements, goals): what its audit and timeline rows name.
        person_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        superseded_at timestamptz,
        CHECK ((status = 'superseded') = (superseded_at IS NOT NULL)),
        UNIQUE (case_id, version)
      )`);
    // One current plan per case, whatever the application does.
    await q.query(`CREATE UNIQUE INDEX safety_plans_one_current ON safety_plans (case_id) WHERE status = 'current'`);
    await q.query(`
      CREATE TABLE safety_plan_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES safety_plans(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        position integer NOT NULL,
        text text NOT NULL CHECK (length(text) > 0),
        person_ids uuid[] NOT NULL CHECK (cardinality(person_ids) >= 1),
        responsible_user_id uuid NOT NULL REFERENCES users(id),
        check_every_days integer NOT NULL CHECK (check_every_days BETWEEN 1 AND 365),
        next_check_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'holds' CHECK (status IN ('holds','broken','ended')),
        last_checked_at timestamptz,
        broken_since timestamptz,
        CHECK ((status = 'broken') = (broken_since IS NOT NULL)),
        UNIQUE (plan_id, position)
      )`);
    await q.query(`CREATE INDEX safety_plan_agreements_case_idx ON safety_plan_agreements (case_id) WHERE status <> 'ended'`);
    await q.query(`CREATE INDEX safety_plan_agreements_broken_idx ON safety_plan_agreements (case_id) WHERE status = 'broken'`);
    await q.query(`
      CREATE TABLE safety_plan_goals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES safety_plans(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        position integer NOT NULL,
        person_id uuid NOT NULL REFERENCES case_persons(id),
        track text NOT NULL CHECK (track IN ('victim_support','perpetrator_programme','parenting','child_therapy','practical','other')),
        text text NOT NULL CHECK (length(text) > 0),
        provider_organisation_id uuid REFERENCES organisations(id),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','started','completed','stopped')),
        UNIQUE (plan_id, position)
      )`);
    await q.query(`
      CREATE TABLE safety_plan_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        agreement_id uuid NOT NULL REFERENCES safety_plan_agreements(id),
        plan_id uuid NOT NULL REFERENCES safety_plans(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        checked_at timestamptz NOT NULL,
        result text NOT NULL CHECK (result IN ('holds','broken')),
        note text NOT NULL,
        person_ids uuid[] NOT NULL DEFAULT '{}',
        checked_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX safety_plan_checks_agreement_idx ON safety_plan_checks (agreement_id, checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM timers WHERE key LIKE 'safety\\_plan:%'`);
    await q.query(`DROP TABLE safety_plan_checks`);
    await q.query(`DROP TABLE safety_plan_goals`);
    await q.query(`DROP TABLE safety_plan_agreements`);
    await q.query(`DROP TABLE safety_plans`);
  }
}
