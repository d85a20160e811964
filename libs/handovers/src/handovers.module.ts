import { Module } from '@nestjs/common';
import { HandoverAuditService } from './handover-audit.service';
import { HandoversService } from './handovers.service';

/** Uses the global AccessModule (CaseGate) and AuditModule; imports nothing of notifications. */
@Module({ providers: [HandoversService, HandoverAuditService], exports: [HandoversService, HandoverAuditService] })
export class HandoversModule {}
