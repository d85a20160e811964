export * from './audit-event';
export { AuditWriter } from './audit-writer';
export { AuditOversight, type AuditQuery } from './audit-oversight';
export { AuditModule } from './audit.module';
export {
  AUDIT_EVENT_COLUMN_NAMES,
  GENESIS_HASH,
  SEAL_BATCH_SIZE,
  auditEventColumns,
  canonicalEvent,
  canonicalEventSql,
  chainHash,
  chainHashSql,
  linkHash,
  type AuditEventRow,
} from './audit-chain';
export { AuditSealer, type SealOptions, type SealResult } from './audit-sealer';
export {
  AuditVerifier,
  AuditVerifyError,
  VERIFIER_LOCK_KEY,
  type AuditVerifyErrorCode,
  VERIFY_BATCH_SIZE,
  type CheckpointView,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
  type VerifyRun,
} from './audit-verifier';
export { AuditPartitions, PARTITION_MONTHS_AHEAD, type AuditPartitionInfo } from './audit-partitions';
export { SEALER_LOCK_KEY } from './audit-chain';
export { AuditSearch, buildAuditSearch, toAuditEvent, toAuditEventView, type AuditEventView, type AuditSearchFilter } from './audit-search';
export { type AuditActorNames } from './audit-search';
export {
  AuditCheckpoints,
  checkpointSignatureHolds,
  checkpointToken,
  parseCheckpointToken,
  signCheckpoint,
  signingKeyId,
  type AuditCheckpoint,
  type CheckpointKind,
} from './audit-checkpoints';
export {
  UnusualAccess,
  UnusualAccessError,
  UNUSUAL_ACCESS_RULES,
  FLAG_STATUSES,
  type UnusualAccessFlag,
  type UnusualAccessRule,
  type FlagStatus,
  type DetectionResult,
  type UnusualAccessErrorCode,
} from './unusual-access';
