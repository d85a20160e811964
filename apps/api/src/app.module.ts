import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '@oneroof/access';
import { AuditModule } from '@oneroof/audit';
import { CasesModule } from '@oneroof/cases';
import { ConferencesModule } from '@oneroof/conferences';
import { FollowUpsModule, FollowUpsService } from '@oneroof/follow-ups';
import { HandoversModule } from '@oneroof/handovers';
import { IdentityModule, JwtAuthGuard, RolesGuard } from '@oneroof/identity';
import { IntakeModule } from '@oneroof/intake';
import { MonitoringModule } from '@oneroof/monitoring';
import { NotificationsModule } from '@oneroof/notifications';
import { PlatformModule, type Clock, type AppConfig } from '@oneroof/platform';
import { AuditController } from './audit/audit.controller';
import { UnusualAccessController } from './audit/unusual-access.controller';
import { AccessLogController } from './cases/access-log.controller';
import { CasesController } from './cases/cases.controller';
import { ClocksController } from './cases/clocks.controller';
import { CaseLinksController } from './cases/case-links.controller';
import { MonitoringController } from './monitoring/monitoring.controller';
import { EmergencyAccessController } from './cases/emergency-access.controller';
import { ConferencesController } from './conferences/conferences.controller';
import { SafetyPlansController } from './conferences/safety-plans.controller';
import { FollowUpsController } from './follow-ups/follow-ups.controller';
import { HandoverAuditController } from './handovers/handover-audit.controller';
import { HandoversController } from './handovers/handovers.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { RedisProbe } from './health/redis-probe';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { IntakeController } from './intake/intake.controller';
import { HttpMetrics } from './http/metrics';
import { AuthController } from './identity/auth.controller';
import { SessionsController } from './identity/sessions.controller';
import { MfaController } from './identity/mfa.controller';
import { OrganisationsController } from './identity/organisations.controller';
import { UsersController } from './identity/users.controller';
import { NotificationMetrics } from './notifications/notification-metrics';
import { NotificationsController } from './notifications/notifications.controller';
import { OutboxAdminController } from './notifications/outbox-admin.controller';
import { QueueInspector } from './notifications/queue-inspector';

export interface AppModuleOptions {
  config: AppConfig;
  clock?: Clock;
  metrics: HttpMetrics;
  /** false: no database connection (the OpenAPI document is built from the module graph alone). */
  connectDatabase?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config: options.config,
          clock: options.clock,
          applicationName: 'oneroof-api',
          connect: options.connectDatabase,
        }),
        AuditModule,
        IdentityModule,
        AccessModule,
        CasesModule,
        MonitoringModule,
        HandoversModule,
        FollowUpsModule,
        IntakeModule.register({ imports: [FollowUpsModule], planner: FollowUpsService }),
        ConferencesModule.register({ imports: [FollowUpsModule], planner: FollowUpsService }),
        NotificationsModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        SessionsController,
        MfaController,
        OrganisationsController,
        UsersController,
        AuditController,
        UnusualAccessController,
        CasesController,
        EmergencyAccessController,
        AccessLogController,
        HandoversController,
        HandoverAuditController,
        IntakeController,
        FollowUpsController,
        ConferencesController,
        SafetyPlansController,
        NotificationsController,
        OutboxAdminController,
        ClocksController,
        CaseLinksController,
        MonitoringController,
      ],
      providers: [
        { provide: HttpMetrics, useValue: options.metrics },
        RedisProbe,
        QueueInspector,
        NotificationMetrics,
        // Order matters: authenticate first, then check roles.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
