export * from './conference-model';
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
export { ConferenceActionPlanner, type ConferencePlannedAction } from './action-planner';
export { ConferencesService, conferenceNotFound } from './conferences.service';
export { ConferencesModule, type ConferencesModuleOptions } from './conferences.module';
