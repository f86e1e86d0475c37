import { openDatabase, type Database } from './database';
import { sharedPacing, type PacingWindow, type SharedPacing } from './shared-pacing';
import { openTestDatabase } from './test-database';

// Two pacers as two instances: on a PostgreSQL server each has its own connections; PGlite is
// one process, so there they share it (as two pacers in one service would).
let shared: Database & { url?: string };
let second: Database | undefined;
let instanceA: SharedPacing;
let instanceB: SharedPacing;

beforeAll(async () => {
  shared = await openTestDatabase();
  if (shared.url) second = await openDatabase({ databaseUrl: shared.url });
  instanceA = sharedPacing(shared.db);
  instanceB = sharedPacing((second ?? shared).db);
});
afterAll(async () => {
  await second?.close();
  await shared.close();
});

const teamsConversation: PacingWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
];

/** The most slots in any window of `windowMs` starting at one of them. */
function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

async function reserveMany(pacer: SharedPacing, key: string, n: number, windows: PacingWindow[]) {
  const slots: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const slot = await pacer.reserve(key, windows, { marginMs: 25 });
    if ('refused' in slot) throw new Error('refused');
    slots.push(slot.atMs);
  }
  return slots;
}

describe('pacing shared by instances through the database', () => {
  it('when two instances send to one conversation at once, then together they never exceed any of its windows', async () => {
    const [a, b] = await Promise.all([
      reserveMany(instanceA, 'teams:conversation:19:x@thread.tacv2', 35, teamsConversation),
      reserveMany(instanceB, 'teams:conversation:19:x@thread.tacv2', 35, teamsConversation),
    ]);
    const all = [...a, ...b];
    expect(all).toHaveLength(70);
    for (const w of teamsConversation)
      expect(mostInAnyWindow(all, w.windowMs)).toBeLessThanOrEqual(w.limit);
    // 70 sends at 60 in 30 s: the last ten wait for the long window, past 30 s after the first.
    expect(Math.max(...all) - Math.min(...all)).toBeGreaterThanOrEqual(30_000);
    // Both instances were served side by side, not one after the other.
    expect(Math.min(...b)).toBeLessThan(Math.max(...a));
  });

  it('when another conversation is busy, then a send to this one is not held back by it', async () => {
    await reserveMany(instanceA, 'teams:conversation:19:busy@thread.tacv2', 20, teamsConversation);
    const slot = await instanceB.reserve(
      'teams:conversation:19:quiet@thread.tacv2',
      teamsConversation,
    );
    expect(slot).toMatchObject({ waitMs: 0 });
  });

  it('when a mailbox has used its day of recipients on both instances, then the next send is refused with when there is room', async () => {
    const day: PacingWindow[] = [{ limit: 1_000, windowMs: 86_400_000 }];
    const key = 'exchange:recipients:business.unit@example.org';
    expect(await instanceA.reserve(key, day, { units: 500, maxWaitMs: 0 })).toMatchObject({
      waitMs: 0,
    });
    expect(await instanceB.reserve(key, day, { units: 400, maxWaitMs: 0 })).toMatchObject({
      waitMs: 0,
    });
    const refused = await instanceA.reserve(key, day, { units: 200, maxWaitMs: 0 });
    expect(refused).toMatchObject({ refused: true });
    expect('refused' in refused && refused.retryAfterMs).toBeGreaterThan(86_000_000);
    expect(await instanceB.reserve(key, day, { units: 100, maxWaitMs: 0 })).toMatchObject({
      waitMs: 0,
    });
    expect(await instanceB.reserve(key, day, { units: 1_001 })).toEqual({
      refused: true,
      retryAfterMs: Infinity,
    });
  });

  it('when a send is made for two keys, then its second slot is no earlier than its first', async () => {
    const first = await instanceA.reserve('teams:app', [{ limit: 1, windowMs: 60_000 }]);
    const again = await instanceA.reserve('teams:app', [{ limit: 1, windowMs: 60_000 }]);
    if ('refused' in first || 'refused' in again) throw new Error('refused');
    const other = await instanceB.reserve(
      'teams:conversation:19:y@thread.tacv2',
      teamsConversation,
      {
        notBeforeMs: again.atMs,
      },
    );
    expect(other).toMatchObject({ atMs: again.atMs });
  });
});

describe('requests in flight shared by instances', () => {
  it('when two instances ask for more than four places at once for one mailbox, then four are given until one is released', async () => {
    const key = 'graph:in-flight:business.unit@example.org';
    const asked = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? instanceA : instanceB).acquire(key, 4, 120_000)),
    );
    const held = asked.filter((id): id is number => id !== undefined);
    expect(held).toHaveLength(4);
    expect(await instanceA.acquire(key, 4, 120_000)).toBeUndefined();
    await instanceB.release(held[0]!);
    expect(await instanceA.acquire(key, 4, 120_000)).toEqual(expect.any(Number));
    expect(await instanceB.acquire(key, 4, 120_000)).toBeUndefined();
  });

  it('when an instance crashed holding places, then they are taken back once their lease ends', async () => {
    const key = 'graph:in-flight:crashed@example.org';
    // Leases of no length: already over, as a crashed instance's are after two minutes.
    for (let i = 0; i < 4; i += 1) expect(await instanceA.acquire(key, 4, 0)).toBeDefined();
    expect(await instanceB.acquire(key, 4, 120_000)).toEqual(expect.any(Number));
  });
});
