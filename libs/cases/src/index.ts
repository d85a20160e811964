export * from './case-model';
export { CasesService, staleVersion, type CaseChanges, type OpenCaseInput, type PersonInput } from './cases.service';
export { PersonsService, type PersonChanges } from './persons.service';
export { TeamService, currentTeam } from './team.service';
export { requireActiveProfessional } from './membership-rules';
export { EntriesService, requirePersonsOfCase, type NewEntry } from './entries.service';
export { TimelineService } from './timeline.service';
export { EmergencyAccessService, MIN_EMERGENCY_REASON_LENGTH } from './emergency-access.service';
export { AccessLogService } from './access-log.service';
export {
  ClocksService,
  CLOCK_NAMES,
  clockState,
  type CaseClock,
  type ClockName,
  type ClockState,
  type ClockExplanationInput,
} from './clocks.service';
export { CasesModule } from './cases.module';
