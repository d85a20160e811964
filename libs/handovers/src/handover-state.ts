import type { HandoverStatus } from './handover-model';

/**
 * The warm-transfer state machine (design.md §2), pure so that every (state, action, role) is a
 * unit test: `proposed` → `briefed` (a meeting with sender and receiver) → `accepted` (receiver,
 * only after the meeting); `declined` (receiver) or `withdrawn` (sender) from either open state.
 * Proposal is the creation of a handover and is not a transition of one.
 */
export const HANDOVER_ACTIONS = ['record_meeting', 'accept', 'decline', 'withdraw'] as const;
export type HandoverAction = (typeof HANDOVER_ACTIONS)[number];

/** How the caller stands to this handover: its sender, its receiver, or anyone else who may see it. */
export const HANDOVER_PARTIES = ['sender', 'receiver', 'other'] as const;
export type HandoverParty = (typeof HANDOVER_PARTIES)[number];

export type TransitionRefusal =
  /** 403: this party may see the handover but never take this action on it. */
  | 'HANDOVER_PARTY_FORBIDDEN'
  /** 409: the handover has ended (accepted, declined or withdrawn). */
  | 'HANDOVER_ENDED'
  /** 409: acceptance needs the handover meeting first. */
  | 'HANDOVER_NOT_BRIEFED'
  /** 409: the meeting is on record already. */
  | 'HANDOVER_ALREADY_BRIEFED';

export type TransitionDecision =
  { allowed: true; next: HandoverStatus } | { allowed: false; code: TransitionRefusal; kind: 'forbidden' | 'conflict' };

/** Who may take each action at all; the state decides whether they may take it now. */
const PARTIES_OF: Record<HandoverAction, readonly HandoverParty[]> = {
  record_meeting: ['sender', 'receiver'],
  accept: ['receiver'],
  decline: ['receiver'],
  withdraw: ['sender'],
};

const forbidden = (code: TransitionRefusal): TransitionDecision => ({ allowed: false, code, kind: 'forbidden' });
const conflict = (code: TransitionRefusal): TransitionDecision => ({ allowed: false, code, kind: 'conflict' });

/**
 * The party is checked before the state: someone who may never take an action hears so (403)
 * whatever the state; a party who may take it but not now hears why (409).
 */
export function decideTransition(state: HandoverStatus, action: HandoverAction, party: HandoverParty): TransitionDecision {
  if (!PARTIES_OF[action].includes(party)) return forbidden('HANDOVER_PARTY_FORBIDDEN');
  switch (state) {
    case 'accepted':
    case 'declined':
    case 'withdrawn':
      return conflict('HANDOVER_ENDED');
    case 'proposed':
      switch (action) {
        case 'record_meeting':
          return { allowed: true, next: 'briefed' };
        case 'accept':
          return conflict('HANDOVER_NOT_BRIEFED');
        case 'decline':
          return { allowed: true, next: 'declined' };
        case 'withdraw':
          return { allowed: true, next: 'withdrawn' };
      }
      break;
    case 'briefed':
      switch (action) {
        case 'record_meeting':
          return conflict('HANDOVER_ALREADY_BRIEFED');
        case 'accept':
          return { allowed: true, next: 'accepted' };
        case 'decline':
          return { allowed: true, next: 'declined' };
        case 'withdraw':
          return { allowed: true, next: 'withdrawn' };
      }
      break;
  }
  throw new Error(`unknown handover state ${String(state)} or action ${String(action)}`);
}

export const partyOf = (handover: { fromUserId: string; toUserId: string }, userId: string): HandoverParty =>
  handover.fromUserId === userId ? 'sender' : handover.toUserId === userId ? 'receiver' : 'other';
