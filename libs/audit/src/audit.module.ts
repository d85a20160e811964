import { Global, Module } from '@nestjs/common';
import { AuditWriter } from './audit-writer';

/** Global: every context writes audit events, and there is exactly one way to write them. */
@Global()
@Module({
  providers: [AuditWriter],
  exports: [AuditWriter],
})
export class AuditModule {}
