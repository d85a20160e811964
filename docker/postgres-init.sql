-- Runs once, when the postgres container initialises an empty data directory: as the superuser
-- `postgres`, in the database POSTGRES_DB (oneroof). See docker/compose.yml.
--
-- Two roles, so that the application cannot change its own audit trail (design.md §3):
--   postgres     owns the schema; only the one-shot `migrate` service connects as it.
--   oneroof_app  what the API and the worker connect as. It owns nothing and cannot create
--                anything; it gets plain DML on the tables the migrations create, and on the
--                audit tables (audit_events, audit_chain) only SELECT and INSERT: migration
--                1763900100000-audit.ts revokes UPDATE, DELETE and TRUNCATE on them from this
--                role and grants SELECT, INSERT (its triggers refuse those changes for everyone,
--                the owner included, on top of that).

-- The password comes from the container's environment (psql 15's \getenv), never from this file.
\getenv app_password ONEROOF_APP_PASSWORD
CREATE ROLE oneroof_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'app_password';

-- PostgreSQL 15 no longer lets PUBLIC create in schema public; say so anyway, it is the point.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO oneroof_app;

-- The tables do not exist yet: the migrations, run as postgres, create them after this script.
-- Default privileges give oneroof_app DML on each table as it is created (no TRUNCATE, no DDL).
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO oneroof_app;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO oneroof_app;
