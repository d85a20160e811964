import { Identity1763900000000 } from './1763900000000-identity';
import { Audit1763900100000 } from './1763900100000-audit';
import { AuditChainEvent1763900150000 } from './1763900150000-audit-chain-event';
import { Outbox1763900200000 } from './1763900200000-outbox';
import { Cases1763900300000 } from './1763900300000-cases';
import { Notifications1763900400000 } from './1763900400000-notifications';
import { Intake1763900500000 } from './1763900500000-intake';
import { FollowUps1763900600000 } from './1763900600000-follow-ups';
import { Handovers1763900700000 } from './1763900700000-handovers';
import { FollowUpReassignment1763900800000 } from './1763900800000-follow-up-reassignment';
import { IdempotencyScope1763900900000 } from './1763900900000-idempotency-scope';
import { RuntimeSecrets1764000300000 } from './1764000300000-runtime-secrets';
import { AuditCheckpoints1764000300100 } from './1764000300100-audit-checkpoints';
import { NotificationSubjects1764000500000 } from './1764000500000-notification-subjects';
import { CaseChangeRecords1764000500100 } from './1764000500100-case-change-records';
import { FollowUpReschedules1764000500200 } from './1764000500200-follow-up-reschedules';
import { CaseTimelineChanges1764000500300 } from './1764000500300-case-timeline-changes';
import { Sessions1764000600000 } from './1764000600000-sessions';
import { Conferences1764000800000 } from './1764000800000-conferences';
import { SafetyPlans1764000810000 } from './1764000810000-safety-plans';
import { ConferenceTimeline1764000820000 } from './1764000820000-conference-timeline';
import { CaseReportFields1764000900000 } from './1764000900000-case-report-fields';
import { AnalystRole1764000900100 } from './1764000900100-analyst-role';
import { Clocks1764000900200 } from './1764000900200-clocks';
import { TellOnce1764000900300 } from './1764000900300-tell-once';
import { SecondFactor1765000200000 } from './1765000200000-second-factor';
import { RereportsAftercare1765000700000 } from './1765000700000-rereports-aftercare';
import { AuditPartitions1766000100000 } from './1766000100000-audit-partitions';
import { ClockSummary1766000200000 } from './1766000200000-clock-summary';
import { AuditCaseIds1766000300000 } from './1766000300000-audit-case-ids';
import { TotpSecretsSealed1766000300100 } from './1766000300100-totp-secrets-sealed';
import { ClockSummaryRunningIndex1766000600000 } from './1766000600000-clock-summary-running-index';
import { AuditCaseIdsFastupdateOff1767000500000 } from './1767000500000-audit-case-ids-fastupdate-off';

/**
 * Every migration, oldest first. One list, so that the CLI, the start command and the test template
 * apply exactly the same schema. A migration never changes after it lands: add a new one.
 */
export const allMigrations = [
  Identity1763900000000,
  Audit1763900100000,
  AuditChainEvent1763900150000,
  Outbox1763900200000,
  Cases1763900300000,
  Notifications1763900400000,
  Intake1763900500000,
  FollowUps1763900600000,
  Handovers1763900700000,
  FollowUpReassignment1763900800000,
  IdempotencyScope1763900900000,
  RuntimeSecrets1764000300000,
  AuditCheckpoints1764000300100,
  NotificationSubjects1764000500000,
  CaseChangeRecords1764000500100,
  FollowUpReschedules1764000500200,
  CaseTimelineChanges1764000500300,
  Sessions1764000600000,
  Conferences1764000800000,
  SafetyPlans1764000810000,
  ConferenceTimeline1764000820000,
  CaseReportFields1764000900000,
  AnalystRole1764000900100,
  Clocks1764000900200,
  TellOnce1764000900300,
  SecondFactor1765000200000,
  RereportsAftercare1765000700000,
  AuditPartitions1766000100000,
  ClockSummary1766000200000,
  AuditCaseIds1766000300000,
  TotpSecretsSealed1766000300100,
  ClockSummaryRunningIndex1766000600000,
  AuditCaseIdsFastupdateOff1767000500000,
];
