export * from './case-model';
export { CasesService, type CaseChanges, type OpenCaseInput, type PersonInput } from './cases.service';
export { PersonsService, type PersonChanges } from './persons.service';
export { TeamService, currentTeam } from './team.service';
export { EntriesService, requirePersonsOfCase, type NewEntry } from './entries.service';
export { TimelineService } from './timeline.service';
export { EmergencyAccessService, MIN_EMERGENCY_REASON_LENGTH } from './emergency-access.service';
export { AccessLogService } from './access-log.service';
export { CasesModule } from './cases.module';
