/**
 * Polls `probe` until it returns something other than `undefined` or `false`, and returns that.
 * For effects another process or loop brings about (a worker draining the outbox, a notification
 * arriving), never for the passing of time: to make a timer due, move the TestClock and fire it.
 * A probe that throws is retried; its last error is named if time runs out.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
