/** design.md §8 Monitoring: the figures, their groupings and what each one means. */
export const GROUP_BYS = ['month', 'quarter', 'municipality', 'urgency', 'violenceType'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const FORMATS = ['json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** A value computed from fewer cases or persons than this is suppressed (design.md §8 small cells). */
export const MIN_CELL = 5;

export const CLOCKS_MEASURED = [
  'intake_scheduled',
  'child_interviewed',
  'child_examined',
  'intake_concluded',
  'first_conference',
  'handover_accepted',
] as const;

export interface IndicatorRow {
  group: string;
  indicator: string;
  value: number | null;
  n: number | null;
  suppressed: boolean;
}

export interface Definition {
  indicator: string;
  description: string;
  unit: 'count' | 'working days' | 'share';
  impactmonitor?: string;
}

export interface Indicators {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  rows: IndicatorRow[];
  definitions: Definition[];
}

const IM = 'CBS Impactmonitor huiselijk geweld en kindermishandeling';

export const DEFINITIONS: readonly Definition[] = [
  {
    indicator: 'reports',
    unit: 'count',
    description: 'Cases whose report reached the centre (reportedAt) in the period. n: the same count.',
    impactmonitor: `${IM}: meldingen en adviesvragen (reports)`,
  },
  {
    indicator: 'days_report_to_intake_p50',
    unit: 'working days',
    description:
      'Median working days (Monday to Friday) from reportedAt to the joint intake being scheduled, over the cases reported in the period that have an intake. n: those cases.',
    impactmonitor: `${IM}: doorlooptijden, acuut geweld sneller stoppen (time to action)`,
  },
  {
    indicator: 'days_report_to_intake_p90',
    unit: 'working days',
    description: 'As days_report_to_intake_p50, the 90th percentile.',
    impactmonitor: `${IM}: doorlooptijden (time to action)`,
  },
  ...CLOCKS_MEASURED.map((clock) => ({
    indicator: `clock_met_share:${clock}`,
    unit: 'share' as const,
    description: `Of the ${clock} clocks of cases reported in the period that have stopped, the share stopped on or before their target (design.md §8 clocks; a clock still running when its case closed stopped at the closing). n: stopped clocks.`,
    impactmonitor:
      clock === 'intake_concluded'
        ? `${IM}: veiligheidsbeoordeling binnen 5 werkdagen (Veilig Thuis target)`
        : `${IM}: doorlooptijden (time to action)`,
  })),
  {
    indicator: 'children_interviewed_once_share',
    unit: 'share',
    description:
      'Of the children (family role child) of cases reported in the period with at least one interview, the share with exactly one interview of any kind ("tell once"). n: those children.',
    impactmonitor: `${IM}: slachtoffers hoeven hun verhaal één keer te vertellen (Barnahus, tell once)`,
  },
  {
    indicator: 'supplementary_interviews',
    unit: 'count',
    description:
      'Supplementary interviews (a child interviewed again after a studio interview, design.md §8) in cases reported in the period. n: the interviewed children of those cases.',
    impactmonitor: `${IM}: tell once`,
  },
  {
    indicator: 'days_handover_to_acceptance_p50',
    unit: 'working days',
    description:
      'Median working days from a handover being proposed to its acceptance, over the accepted handovers of cases reported in the period. n: those handovers.',
    impactmonitor: `${IM}: warme overdracht (continuity of care)`,
  },
  {
    indicator: 'handovers_accepted_in_time_share',
    unit: 'share',
    description:
      'Of the accepted handovers of cases reported in the period, the share accepted on or before their respondBy. n: accepted handovers.',
    impactmonitor: `${IM}: warme overdracht (continuity of care)`,
  },
  {
    indicator: 'handover_meetings_family_present_share',
    unit: 'share',
    description: 'Of the handover meetings held in cases reported in the period, the share with the family present. n: meetings.',
    impactmonitor: `${IM}: betrokkenheid van het gezin (family participation)`,
  },
  {
    indicator: 'follow_ups_missed_share',
    unit: 'share',
    description:
      'Of the follow-ups (aftercare checks aside) of cases reported in the period that are done or missed, the share missed. n: done + missed follow-ups.',
    impactmonitor: `${IM}: nazorg en vinger aan de pols (follow-up)`,
  },
  {
    indicator: 'rereports_12m_share',
    unit: 'share',
    description:
      'Of the cases reported in the period, the share a coordinator linked as a re-report (kind rereport, either way round) of a case that closed in the 12 months before this one was reported. n: cases reported.',
    impactmonitor: `${IM}: herhaald slachtofferschap, opnieuw gemeld binnen 12 maanden (re-reports)`,
  },
  ...['6m', '12m', '18m'].map((at) => ({
    indicator: `aftercare_violence_stopped_share:${at}`,
    unit: 'share' as const,
    description: `Of the ${at} aftercare checks done with an outcome (violenceStopped yes, no or unknown) in cases reported in the period, the share answering yes. n: those checks.`,
    impactmonitor: `${IM}: geweld gestopt, duurzame veiligheid (violence stopped)`,
  })),
];
