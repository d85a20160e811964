export { decideCaseAccess, type AccessDecision, type CaseAccessFacts, type CaseNeed } from './case-access';
export { disciplineMask, type DisciplineMask } from './discipline-mask';
export { AccessService, type AlongsideColumns, type LoadedFacts } from './access.service';
export { currentMembershipSql, OPEN_HANDOVER_STATUSES, openHandoverSql } from './standing-sql';
export {
  CaseGate,
  runAsGatedRequest,
  gatedWorkSoFar,
  type GatedWork,
  type CaseOperation,
  type CaseWork,
  type GrantedAccess,
} from './case-gate';
export { fullViewDiscipline, NO_FULL_VIEW } from './restricted-view';
export { AccessModule } from './access.module';
export { AccessError, type AccessErrorCode } from './access-errors';
