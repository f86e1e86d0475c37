import type { Database } from '../db/database';
import { sharedPacing, type SharedPacing } from '../db/shared-pacing';
import { openTestDatabase } from '../db/test-database';
import { ClientLimits, MailboxQuotaError } from './client-limits';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** The database's slots, noting the time of each one reserved under a key starting `prefix`. */
function noting(pacing: SharedPacing, prefix: string, slots: number[]): SharedPacing {
  return {
    ...pacing,
    reserve: async (key, windows, options) => {
      const slot = await pacing.reserve(key, windows, options);
      if (key.startsWith(prefix) && !('refused' in slot)) slots.push(slot.atMs);
      return slot;
    },
  };
}

/** An instance of its own clock, moved on by its waits: nothing here waits for real. */
function instance(
  shared: SharedPacing,
  settings: Partial<ConstructorParameters<typeof ClientLimits>[0]> = {},
) {
  let now = 0;
  return new ClientLimits({
    ...settings,
    shared,
    now: () => now,
    // Moved on at once, but after the event loop's turn: the database's answers come meanwhile.
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
}

describe('Exchange limits kept by instances together', () => {
  it('when two instances send from one mailbox at once, then their messages keep to 30 a minute together', async () => {
    const slots: number[] = [];
    const pacing = noting(sharedPacing(database.db), 'exchange:messages:', slots);
    const instances = [instance(pacing), instance(pacing)];
    await Promise.all(
      instances.flatMap((limits) =>
        Array.from({ length: 20 }, async () => (await limits.send('bu@example.org', 1))()),
      ),
    );
    expect(slots).toHaveLength(40);
    const inAnyMinute = Math.max(
      ...slots.map((t) => slots.filter((u) => u >= t && u < t + 60_000).length),
    );
    expect(inAnyMinute).toBeLessThanOrEqual(30);
    expect(Math.max(...slots) - Math.min(...slots)).toBeGreaterThanOrEqual(60_000);
  });

  it('when one instance used most of the day’s recipients, then the other is refused the rest at once', async () => {
    const pacing = sharedPacing(database.db);
    const [first, second] = [
      instance(pacing, { recipientsPerDay: 100 }),
      instance(pacing, { recipientsPerDay: 100 }),
    ];
    (await first!.send('quota@example.org', 80))();
    await expect(second!.send('quota@example.org', 30)).rejects.toBeInstanceOf(MailboxQuotaError);
    (await second!.send('quota@example.org', 20))();
  });
});
