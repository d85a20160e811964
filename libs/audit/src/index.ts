export * from './audit-event';
export { AuditWriter } from './audit-writer';
export { AuditModule } from './audit.module';
