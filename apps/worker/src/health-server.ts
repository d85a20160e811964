import { createServer, type Server } from 'node:http';
import type { Db } from '@oneroof/platform';
import type { Heartbeat } from './heartbeat';
import type { RelayStatus } from './notifications/relay-loop';
import type { WorkerMetrics } from './worker-metrics';

/**
 * The worker's own /health and /metrics on WORKER_PORT: its Postgres connection, its last heartbeat to Redis and
 * the outbox relay's state (a relay whose passes fail cannot hand events over: not healthy).
 */
export function startHealthServer(
  address: { port: number; host: string },
  db: Db,
  heartbeat: Heartbeat,
  relay?: { status(): RelayStatus },
  metrics?: WorkerMetrics,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/metrics' && metrics) {
      void metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          response.end(text);
        },
        () => {
          response.writeHead(500, { 'Content-Type': 'application/problem+json' });
          response.end(
            JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Metrics are unavailable.' }),
          );
        },
      );
      return;
    }
    if (request.method !== 'GET' || (request.url !== '/health' && request.url !== '/health/ready' && request.url !== '/health/live')) {
      response.writeHead(404, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'The worker serves only /health and /metrics.' }),
      );
      return;
    }
    if (request.url === '/health/live') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    void db
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false)
      .then((postgres) => {
        const redis = heartbeat.isAlive();
        const relayStatus = relay?.status();
        const ok = postgres && redis && relayStatus?.state !== 'failing';
        const body = {
          status: ok ? 'ok' : 'degraded',
          worker: heartbeat.workerId,
          checks: { postgres: postgres ? 'up' : 'down', redis: redis ? 'up' : 'down' },
          lastHeartbeatAt: heartbeat.lastBeatAt?.toISOString() ?? null,
          ...(relayStatus ? { relay: relayStatus } : {}),
        };
        response.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}
