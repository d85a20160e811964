import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenVerifier } from '@oneroof/identity';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../http/problem';
import { sendProblem } from '../http/problem.filter';
import { QueueInspector } from './queue-inspector';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

/**
 * The same token verification as every other route (AccessTokenVerifier), then the admin role. The
 * dashboard is a Fastify plugin outside Nest's guards, so it gets its own preHandler.
 */
export function adminBearerCheck(verifier: AccessTokenVerifier) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [^\s]+$/i.test(header) ? header.slice(7) : undefined;
    const actor = token ? await verifier.verify(token) : null;
    if (!actor) {
      return sendProblem(reply, problem(401, 'UNAUTHENTICATED', 'A valid access token is required.', { requestId: String(request.id) }));
    }
    if (!actor.roles.includes('admin')) {
      return sendProblem(reply, problem(403, 'ROLE_REQUIRED', 'This action needs the role admin.', { requestId: String(request.id) }));
    }
  };
}

/**
 * bull-board (read-only) for admins at /api/admin/queues. Read-only because state changes go through
 * Postgres: a dead letter is sent round again with POST /api/admin/outbox/dead-letters/:id/retry.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const inspector = app.get(QueueInspector);
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(inspector.queue, { readOnlyMode: true, allowRetries: false })],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'OneRoof queues' } },
  });
  const requireAdmin = adminBearerCheck(app.get(AccessTokenVerifier));
  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('preHandler', requireAdmin);
      await scope.register(board.registerPlugin() as never);
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
