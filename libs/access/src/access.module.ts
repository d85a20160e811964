import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { CaseGate } from './case-gate';

/** Global: every case-scoped context decides access here and nowhere else. */
@Global()
@Module({ providers: [AccessService, CaseGate], exports: [AccessService, CaseGate] })
export class AccessModule {}
