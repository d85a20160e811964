/** design.md §2: the values an organisation and a user can take. */
export const ORGANISATION_KINDS = [
  'centre',
  'police',
  'forensic_medical_service',
  'veilig_thuis',
  'local_team',
  'youth_care',
  'child_protection',
  'mental_health',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const DISCIPLINES = ['police', 'forensic_medicine', 'social_work', 'youth_care', 'mental_health', 'child_protection'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

/** `analyst`: figures only (design.md §8); see auth/analyst-policy.ts. */
export const ROLES = ['professional', 'coordinator', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: what every access decision and every audit line starts from. */
export interface Actor {
  id: string;
  discipline: Discipline;
  roles: Role[];
  organisationId: string;
  /** The session (design.md §9) the access token belongs to, for sign-out and the session list. */
  sessionId?: string;
  /** design.md §9: whether the user has confirmed a second factor (enforcement and step-up read it). */
  mfaEnrolled?: boolean;
  /** When the token's session last proved the second factor (sign-in with a code, enrolment, step-up). */
  secondFactorAt?: Date | null;
}

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role);

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  createdAt: Date;
}

export interface User {
  id: string;
  email: string;
  name: string;
  discipline: Discipline;
  roles: Role[];
  organisationId: string;
  active: boolean;
  createdAt: Date;
}
