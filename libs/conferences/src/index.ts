export * from './conference-model';
export * from './safety-plan-model';
export {
  decideConferenceTransition,
  conferencePartyOf,
  CONFERENCE_ACTIONS,
  CONFERENCE_PARTIES,
  type ConferenceAction as ConferenceTransition,
  type ConferenceParty,
  type ConferenceRefusal,
} from './conference-state';
export { missingRecordItems } from './record-rules';
export { applyCheck, firstCheckAt, perpetratorsWithoutGoal, agreementsWithoutPersons } from './safety-plan-rules';
export { checkDueKey, checkDueTimer, safetyPlanTimerPrefix } from './safety-plan-timers';
export { addWorkingDaysToDate, amsterdamDate, REVIEW_TIME_ZONE } from './review-dates';
export { ConferencesService, conferenceNotFound } from './conferences.service';
export { AgendaService, AGENDA_SOURCES, type AgendaItem, type AgendaSource } from './agenda.service';
export {
  ReviewRosterService,
  rosterRows,
  ROSTER_REASONS,
  HANDOVER_ROSTER_WORKING_DAYS,
  type RosterReason,
  type RosterRow,
} from './review-roster.service';
export { SafetyPlansService, safetyPlanNotFound } from './safety-plans.service';
export { ConferencesModule, type ConferencesModuleOptions } from './conferences.module';
