export * from './intake-model';
export { missingContributions, type Contributions } from './conclusion-readiness';
export { IntakeService } from './intake.service';
export { InterviewsService } from './interviews.service';
export { ExaminationsService } from './examinations.service';
export { AssessmentsService } from './assessments.service';
export { IntakeModule, type IntakeModuleOptions } from './intake.module';
export { IntakeError, type IntakeErrorCode } from './intake-errors';
