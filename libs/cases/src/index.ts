export * from './case-model';
export { activateCase, CasesService, type CaseChanges, type OpenCaseInput, type PersonInput } from './cases.service';
export { PersonsService, type PersonChanges } from './persons.service';
export { TeamService } from './team.service';
/** The team API for other contexts: they read memberships and move roles only through these. */
export {
  currentLeadId,
  currentMembership,
  currentTeam,
  isActiveAccount,
  moveLead,
  transferRole,
  type CurrentMembership,
} from './membership-repository';
export { requireActiveProfessional, requireTeamMembers } from './membership-rules';
export { FollowUpPlanner, type PlannedAction } from './follow-up-planner';
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
export { CaseLinksService, type CaseLink, type CaseLinks, type PossibleRereport } from './case-links.service';
export { CASE_LINK_KINDS, type CaseLinkKind } from './case-links-repository';
export { CasesModule } from './cases.module';
export { CasesError, type CasesErrorCode } from './cases-errors';
