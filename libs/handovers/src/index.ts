export * from './handover-model';
export {
  decideTransition,
  partyOf,
  HANDOVER_ACTIONS,
  HANDOVER_PARTIES,
  type HandoverAction,
  type HandoverParty,
  type TransitionDecision,
  type TransitionRefusal,
} from './handover-state';
export { missingChecklistItems, completeChecklist, type ChecklistInput } from './checklist';
// Working-day arithmetic lives in @oneroof/platform (one place for every context); re-exported for existing callers.
export { addWorkingDays, defaultRespondBy, responseDueAt, DEFAULT_RESPONSE_WORKING_DAYS, WORKING_TIME_ZONE } from '@oneroof/platform';
export {
  buildHandoverReport,
  csvCell,
  deadlineMet,
  percentile,
  toCsv,
  REPORT_COLUMNS,
  type CsvDelimiter,
  type HandoverFacts,
  type HandoverReport,
  type HandoverReportRow,
  type HandoverReportSummary,
  type OrganisationFigures,
} from './handover-report';
export { overdueKey, responseDueKey } from './handover-timers';
export { HandoversService, type HandoverListFilter, type MeetingInput, type ProposeHandoverInput } from './handovers.service';
export { HandoverAuditService } from './handover-audit.service';
export { HandoversModule } from './handovers.module';
export { HandoverDeactivation, DEACTIVATION_WITHDRAW_REASONS, type DeactivationWithdrawReason } from './handover-deactivation';
export { HandoverError, type HandoverErrorCode } from './handover-errors';
