import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@oneroof/identity';
import { Db } from '@oneroof/platform';
import type { FastifyReply } from 'fastify';
import { sendProblem } from '../http/problem.filter';
import { problem } from '../http/problem';
import { RedisProbe } from './redis-probe';
import { ApiProblems } from '../openapi/decorators';

class LiveResponse {
  @ApiProperty({ example: 'ok' }) status: 'ok';
}

class ReadyResponse {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: { postgres: 'up', redis: 'up' } }) checks: { postgres: 'up' | 'down'; redis: 'up' | 'down' };
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(RedisProbe) private readonly redis: RedisProbe,
  ) {}

  @Get('live')
  @ApiOkResponse({ type: LiveResponse })
  live(): LiveResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadyResponse })
  @ApiServiceUnavailableResponse({ description: 'Postgres or Redis is down (problem+json naming which)' })
  @ApiProblems(503)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadyResponse | void> {
    const [postgres, redis] = await Promise.all([
      this.db
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false),
      this.redis.ping(),
    ]);
    const checks = { postgres: postgres ? 'up' : 'down', redis: redis ? 'up' : 'down' } as const;
    if (postgres && redis) return { status: 'ok', checks };
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    sendProblem(reply, problem(503, 'NOT_READY', `Not ready: ${down.join(' and ')} unreachable.`, { missing: down }));
  }
}
