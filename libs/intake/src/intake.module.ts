import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { FollowUpPlanner } from '@oneroof/cases';
import { AssessmentsService } from './assessments.service';
import { ExaminationsService } from './examinations.service';
import { IntakeService } from './intake.service';
import { InterviewsService } from './interviews.service';

const SERVICES = [IntakeService, InterviewsService, ExaminationsService, AssessmentsService];

export interface IntakeModuleOptions {
  /** The modules that export `planner`. */
  imports: ModuleMetadata['imports'];
  /** The follow-ups context's implementation of the FollowUpPlanner port. */
  planner: Type<FollowUpPlanner>;
}

/**
 * The joint intake. The app tells it how actions become follow-ups, since intake and follow-ups
 * are siblings that may not import each other.
 */
@Module({})
export class IntakeModule {
  static register(options: IntakeModuleOptions): DynamicModule {
    return {
      module: IntakeModule,
      imports: options.imports,
      providers: [...SERVICES, { provide: FollowUpPlanner, useExisting: options.planner }],
      exports: SERVICES,
    };
  }
}
