import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '@oneroof/audit';
import { IdentityModule, JwtAuthGuard, RolesGuard } from '@oneroof/identity';
import { PlatformModule, type Clock, type AppConfig } from '@oneroof/platform';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { RedisProbe } from './health/redis-probe';
import { HttpMetrics } from './http/metrics';
import { AuthController } from './identity/auth.controller';
import { OrganisationsController } from './identity/organisations.controller';
import { UsersController } from './identity/users.controller';

export interface AppModuleOptions {
  config: AppConfig;
  clock?: Clock;
  metrics: HttpMetrics;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config: options.config, clock: options.clock, applicationName: 'oneroof-api' }), AuditModule, IdentityModule],
      controllers: [HealthController, MetricsController, AuthController, OrganisationsController, UsersController],
      providers: [
        { provide: HttpMetrics, useValue: options.metrics },
        RedisProbe,
        // Order matters: authenticate first, then check roles.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
    };
  }
}
