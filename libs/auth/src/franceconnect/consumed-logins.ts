import type { AuthClock } from '../session/auth-clock';
import type { ConsumedLoginStore } from '../shared-store/auth-state-store';

/**
 * In memory, for the AuthModule alone (tests); the API shares them between instances in its
 * AuthStateStore. The states of logins already finished (or attempted), until their pending cookie
 * would have expired anyway. A replayed callback with a replayed cookie is thus refused here, before
 * the code reaches FranceConnect (which would refuse a used code too, and revoke what it issued).
 */
export class ConsumedLogins implements ConsumedLoginStore {
  private readonly consumed = new Map<string, number>();

  constructor(private readonly clock: AuthClock) {}

  /** True the first time a state is seen; false for a replay. */
  async consume(state: string, expiresAt: number): Promise<boolean> {
    const now = this.clock.now();
    for (const [seen, until] of this.consumed) if (until <= now) this.consumed.delete(seen);
    if (this.consumed.has(state)) return false;
    this.consumed.set(state, expiresAt);
    return true;
  }
}
