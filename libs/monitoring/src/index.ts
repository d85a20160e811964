export * from './indicators';
export { csvCell, indicatorsCsv } from './csv';
export { MonitoringService, indicatorsSql } from './monitoring.service';
export { MonitoringModule } from './monitoring.module';
