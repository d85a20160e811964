import { Injectable } from '@nestjs/common';
import type { Tx } from '@oneroof/platform';
import type { Actor } from './domain';

/** A user deactivated, inside the transaction that deactivates them. */
export interface UserDeactivated {
  userId: string;
  /** The admin who deactivated them; null where nobody is signed in (a script). */
  by: Actor | null;
  at: Date;
}

export type DeactivationHandler = (tx: Tx, event: UserDeactivated) => Promise<void>;

/**
 * The domain event "a user was deactivated", handled in the deactivation's own transaction by the
 * contexts above identity (handovers withdraws the user's open handovers): identity sits below them
 * and may not import them (architecture.md "Direction"), so they register here when their module
 * starts. A handler that throws rolls the deactivation back with it: the user stays active rather
 * than leave a handover open to, or from, someone who can no longer sign in.
 */
@Injectable()
export class DeactivationHooks {
  private readonly handlers: DeactivationHandler[] = [];

  register(handler: DeactivationHandler): void {
    this.handlers.push(handler);
  }

  async deactivated(tx: Tx, event: UserDeactivated): Promise<void> {
    for (const handler of this.handlers) await handler(tx, event);
  }
}
