export { decideCaseAccess, type AccessDecision, type CaseAccessFacts, type CaseNeed } from './case-access';
export { AccessService, OPEN_HANDOVER_STATUSES } from './access.service';
export {
  CaseGate,
  runAsGatedRequest,
  gatedWorkSoFar,
  type GatedWork,
  type CaseOperation,
  type CaseWork,
  type GrantedAccess,
} from './case-gate';
export { AccessModule } from './access.module';
export { AccessError, type AccessErrorCode } from './access-errors';
