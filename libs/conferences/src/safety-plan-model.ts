/** design.md §7 Safety plan (veiligheidsplan): one current plan per case, versioned. */
export const SAFETY_PLAN_PHASES = ['immediate_safety', 'stabilisation', 'recovery'] as const;
export type SafetyPlanPhase = (typeof SAFETY_PLAN_PHASES)[number];

export const AGREEMENT_STATUSES = ['holds', 'broken', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const GOAL_TRACKS = ['victim_support', 'perpetrator_programme', 'parenting', 'child_therapy', 'practical', 'other'] as const;
export type GoalTrack = (typeof GOAL_TRACKS)[number];

export const GOAL_STATUSES = ['planned', 'started', 'completed', 'stopped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const CHECK_RESULTS = ['holds', 'broken'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const MAX_CHECK_EVERY_DAYS = 365;

export interface SafetyAgreement {
  id: string;
  text: string;
  personIds: string[];
  responsibleUserId: string;
  checkEveryDays: number;
  nextCheckAt: Date;
  status: AgreementStatus;
  lastCheckedAt: Date | null;
}

export interface SafetyGoal {
  id: string;
  personId: string;
  track: GoalTrack;
  text: string;
  providerOrganisationId: string | null;
  status: GoalStatus;
}

export interface SafetyPlan {
  id: string;
  caseId: string;
  caseReference: string;
  version: number;
  status: 'current' | 'superseded';
  phase: SafetyPlanPhase;
  agreedAt: Date;
  agreedWithPersonIds: string[];
  agreements: SafetyAgreement[];
  goals: SafetyGoal[];
  noPerpetratorGoalReason: string | null;
  reviewAt: Date;
  createdBy: string;
  createdAt: Date;
  supersededAt: Date | null;
}

export interface NewSafetyPlanInput {
  phase: SafetyPlanPhase;
  agreedAt: Date;
  agreedWithPersonIds?: string[];
  agreements?: {
    text: string;
    personIds?: string[];
    responsibleUserId: string;
    checkEveryDays: number;
    nextCheckAt?: Date | null;
  }[];
  goals?: { personId: string; track: GoalTrack; text: string; providerOrganisationId?: string | null; status?: GoalStatus }[];
  noPerpetratorGoalReason?: string | null;
  reviewAt: Date;
}

export interface SafetyCheck {
  id: string;
  agreementId: string;
  planId: string;
  checkedAt: Date;
  result: CheckResult;
  note: string;
  checkedBy: string;
  createdAt: Date;
}

export interface CheckInput {
  checkedAt: Date;
  result: CheckResult;
  note: string;
}
