/**
 * Polls `probe` every 200 ms until it gives a value (a boolean probe: until it gives true),
 * for up to `seconds`; then fails naming what it waited for. Tests wait on what the service
 * does (jobs, pacing, Retry-After), never for a fixed time.
 */
export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  seconds = 60,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
