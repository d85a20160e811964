import type { Db } from '@oneroof/platform';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Heartbeat } from './heartbeat';
import type { RelayStatus } from './notifications/relay-loop';

/**
 * The worker's Prometheus metrics on its own /metrics (issue 16), like the API's: the process, the
 * relay, the heartbeat to Redis, and the audit chain against its last signed checkpoint, so that
 * an alert can fire when sealing or checkpoints stop (design.md §11: one at least every minute).
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  constructor(db: Db, heartbeat: Heartbeat, relay?: { status(): RelayStatus }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'oneroof_worker_' });
    const registers = [this.registry];
    new Gauge({
      name: 'oneroof_worker_relay_running',
      help: '1 while the outbox relay runs its passes, 0 while it starts, fails or has stopped',
      registers,
      collect() {
        this.set(relay?.status().state === 'running' ? 1 : 0);
      },
    });
    new Counter({
      name: 'oneroof_worker_relayed_events_total',
      help: 'outbox events this process handed to the queue',
      registers,
      collect() {
        this.reset();
        this.inc(relay?.status().relayedTotal ?? 0);
      },
    });
    new Gauge({
      name: 'oneroof_worker_heartbeat_age_seconds',
      help: 'seconds since this worker last reached Redis with its heartbeat (-1: never)',
      registers,
      collect() {
        this.set(heartbeat.lastBeatAt ? (Date.now() - heartbeat.lastBeatAt.getTime()) / 1000 : -1);
      },
    });
    // One query a scrape for the audit gauges.
    let audit: Promise<{ head: string; checkpoint: string; checkpoint_age: number | null; queued: string } | null> | undefined;
    const auditFacts = () =>
      (audit ??= db
        .query<{ head: string; checkpoint: string; checkpoint_age: number | null; queued: string }>(
          `SELECT (SELECT coalesce(max(position), 0)::text FROM audit_chain) AS head,
                  (SELECT coalesce(max(position), 0)::text FROM audit_checkpoints WHERE kind = 'sealed') AS checkpoint,
                  (SELECT extract(epoch FROM now() - max(at))::float8 FROM audit_checkpoints WHERE kind = 'sealed') AS checkpoint_age,
                  (SELECT count(*)::text FROM audit_seal_queue) AS queued`,
        )
        .then((rows) => rows[0] ?? null)
        .catch(() => null)
        .finally(() => setTimeout(() => (audit = undefined), 100).unref()));
    const auditGauge = (name: string, help: string, pick: (f: NonNullable<Awaited<ReturnType<typeof auditFacts>>>) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const facts = await auditFacts();
          if (facts) this.set(pick(facts));
        },
      });
    auditGauge('oneroof_audit_chain_position', 'position of the newest sealed link of the audit chain', (f) => Number(f.head));
    auditGauge('oneroof_audit_checkpoint_position', 'position the newest signed checkpoint covers', (f) => Number(f.checkpoint));
    auditGauge(
      'oneroof_audit_checkpoint_age_seconds',
      'seconds since the newest signed checkpoint (-1: none yet)',
      (f) => f.checkpoint_age ?? -1,
    );
    auditGauge('oneroof_audit_seal_queue_depth', 'audit events committed or in flight and not yet sealed', (f) => Number(f.queued));
  }
}
