import { Module } from '@nestjs/common';
import { AccessLogService } from './access-log.service';
import { CasesService } from './cases.service';
import { CaseLinksService } from './case-links.service';
import { ClocksService } from './clocks.service';
import { EmergencyAccessService } from './emergency-access.service';
import { EntriesService } from './entries.service';
import { PersonsService } from './persons.service';
import { TeamService } from './team.service';
import { TimelineService } from './timeline.service';

const SERVICES = [
  AccessLogService,
  CasesService,
  PersonsService,
  TeamService,
  EntriesService,
  TimelineService,
  EmergencyAccessService,
  ClocksService,
  CaseLinksService,
];

@Module({ providers: SERVICES, exports: SERVICES })
export class CasesModule {}
