import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, type Role } from '@oneroof/identity';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../http/problem';
import { sendProblem } from '../http/problem.filter';
import { QueueInspector } from './queue-inspector';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The same checks as the JWT strategy (HS256 only, signature, exp, iss, aud, an active user, loaded
 * afresh so that deactivation counts at once), then the admin role. The dashboard is a Fastify
 * plugin outside Nest's guards, so it gets its own preHandler.
 */
export function adminBearerCheck(config: AppConfig, db: Db) {
  const jwt = new JwtService({});
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [^\s]+$/i.test(header) ? header.slice(7) : undefined;
    const unauthenticated = () =>
      sendProblem(reply, problem(401, 'UNAUTHENTICATED', 'A valid access token is required.', { requestId: String(request.id) }));
    if (!token) return unauthenticated();
    let payload: { sub?: unknown; iat?: unknown };
    try {
      payload = jwt.verify(token, {
        secret: config.jwtSecret,
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        clockTolerance: 5,
      });
    } catch {
      return unauthenticated();
    }
    if (typeof payload.sub !== 'string' || typeof payload.iat !== 'number' || !UUID.test(payload.sub)) return unauthenticated();
    const [user] = await db.query<{ roles: Role[] }>(`SELECT roles FROM users WHERE id = $1 AND active`, [payload.sub]);
    if (!user) return unauthenticated();
    if (!user.roles.includes('admin')) {
      return sendProblem(reply, problem(403, 'ROLE_REQUIRED', 'This action needs the role admin.', { requestId: String(request.id) }));
    }
  };
}

/**
 * bull-board (read-only) for admins at /api/admin/queues. Read-only because state changes go through
 * Postgres: a dead letter is sent round again with POST /api/admin/outbox/dead-letters/:id/retry.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const db = app.get(Db);
  const inspector = app.get(QueueInspector);
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(inspector.queue, { readOnlyMode: true, allowRetries: false })],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'OneRoof queues' } },
  });
  const requireAdmin = adminBearerCheck(config, db);
  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('preHandler', requireAdmin);
      await scope.register(board.registerPlugin() as never);
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
