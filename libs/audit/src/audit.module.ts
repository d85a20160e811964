import { Global, Module } from '@nestjs/common';
import { AuditOversight } from './audit-oversight';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditPartitions } from './audit-partitions';
import { AuditSealer } from './audit-sealer';
import { AuditSearch } from './audit-search';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';
import { UnusualAccess } from './unusual-access';

/**
 * Global: every context writes audit events, and there is exactly one way to write them. Needs only
 * Clock and Db (PlatformModule, global), so the API and the worker (the sealer) both import it.
 */
@Global()
@Module({
  providers: [AuditWriter, AuditSealer, AuditVerifier, AuditSearch, AuditOversight, AuditCheckpoints, AuditPartitions, UnusualAccess],
  exports: [AuditWriter, AuditSealer, AuditVerifier, AuditSearch, AuditOversight, AuditCheckpoints, AuditPartitions, UnusualAccess],
})
export class AuditModule {}
