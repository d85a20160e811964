import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { FollowUpPlanner } from '@oneroof/cases';
import { AgendaService } from './agenda.service';
import { ConferencesService } from './conferences.service';
import { ReviewRosterService } from './review-roster.service';
import { SafetyPlansService } from './safety-plans.service';

const SERVICES = [ConferencesService, AgendaService, ReviewRosterService, SafetyPlansService];

export interface ConferencesModuleOptions {
  /** The modules that export `planner`. */
  imports: ModuleMetadata['imports'];
  /** The follow-ups context's implementation of the FollowUpPlanner port (libs/cases). */
  planner: Type<FollowUpPlanner>;
}

/**
 * Case conferences and the safety plan (design.md §7). Uses the global AccessModule (CaseGate) and
 * AuditModule; the app tells it how actions become follow-ups, as it tells the intake.
 */
@Module({})
export class ConferencesModule {
  static register(options: ConferencesModuleOptions): DynamicModule {
    return {
      module: ConferencesModule,
      imports: options.imports,
      providers: [...SERVICES, { provide: FollowUpPlanner, useExisting: options.planner }],
      exports: SERVICES,
    };
  }
}
