import { Module } from '@nestjs/common';
import { IdentityModule } from '@oneroof/identity';
import { HandoverAuditService } from './handover-audit.service';
import { HandoverDeactivation } from './handover-deactivation';
import { HandoversService } from './handovers.service';

/**
 * Uses the global AccessModule (CaseGate) and AuditModule; imports nothing of notifications.
 * IdentityModule for its DeactivationHooks: a deactivation withdraws the user's open handovers.
 */
@Module({
  imports: [IdentityModule],
  providers: [HandoversService, HandoverAuditService, HandoverDeactivation],
  exports: [HandoversService, HandoverAuditService, HandoverDeactivation],
})
export class HandoversModule {}
