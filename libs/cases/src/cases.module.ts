import { Module } from '@nestjs/common';
import { CasesService } from './cases.service';
import { EmergencyAccessService } from './emergency-access.service';
import { EntriesService } from './entries.service';
import { PersonsService } from './persons.service';
import { TeamService } from './team.service';
import { TimelineService } from './timeline.service';

@Module({
  providers: [CasesService, PersonsService, TeamService, EntriesService, TimelineService, EmergencyAccessService],
  exports: [CasesService, PersonsService, TeamService, EntriesService, TimelineService, EmergencyAccessService],
})
export class CasesModule {}
