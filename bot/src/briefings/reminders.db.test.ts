import { loadPartnership, type Partnership } from '@pathways/core';
import { sql } from 'kysely';
import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
import { briefingStore } from './briefing-store';
import { checkBriefingReminders } from './reminders';

const DAY = 86_400_000;
const hsscp = loadPartnership('hsscp');
const note = {
  title: 'Learning from a rapid review',
  kind: 'reactive' as const,
  theme: 'Neglect',
  identifiedLearning: 'Concerns were not shared early.',
  recommendations: ['Share concerns within a day.'],
  proposedActions: 'Brief every team.',
};
const lead = (n: number) => ({ id: `lead-${n}`, displayName: `Lead ${n}` });

let database: Database;
const jobs = { enqueue: () => Promise.resolve(null), wake: () => {} };
beforeAll(async () => {
  // Acting for the partnership, as the service does (row-level security, migration 0021).
  database = (await openTestDatabase()).forPartnership({ partnershipId: 'hsscp' });
});
afterAll(() => database.close());

async function sentBriefing(partnership: Partnership, sentAt: Date): Promise<string> {
  const store = briefingStore({ db: database.db, jobs, partnership, undoSeconds: 0 });
  const { id } = await store.create(note, { id: 'bu', displayName: 'Officer' }, sentAt);
  await database.db
    .updateTable('briefings')
    .set({ status: 'sending', prepared_at: sentAt })
    .where('id', '=', id)
    .execute();
  await database.db
    .insertInto('briefing_recipients')
    .values(
      [1, 2, 3].map((n) => ({
        briefing_id: id,
        user_id: lead(n).id,
        agency: n === 3 ? 'Faith organisations' : 'Cleveland Police',
        name: lead(n).displayName,
        address: `lead${n}@example.org`,
        chunk: 1,
      })),
    )
    .execute();
  return id;
}

async function notifications(briefingId: string) {
  const rows = await database.db
    .selectFrom('graph_side_effects')
    .select(['effect_key', 'payload'])
    .where('kind', '=', 'activity.notifyUser')
    .where('effect_key', 'like', `briefing:${briefingId}:reminder:%`)
    .orderBy('effect_key')
    .execute();
  return rows.map((r) => (r.payload as { userId: string }).userId);
}

const check = (now: Date) =>
  checkBriefingReminders({
    db: database.db,
    jobs,
    partnership: hsscp,
    now,
    intervalMs: 7 * DAY,
    link: (id) => `https://example.org/briefings/${id}`,
  });

describe('Reminders to leads about a briefing', () => {
  it('when a week has passed, then each lead whose part is not done gets one reminder, and no more until the next week, however often the check runs', async () => {
    const sentAt = new Date('2026-03-02T09:00:00Z');
    const id = await sentBriefing(hsscp, sentAt);
    const store = briefingStore({ db: database.db, jobs, partnership: hsscp, undoSeconds: 0 });
    // Lead 1 acknowledges; their agency cascades and reports on its one recommendation.
    await store.acknowledge(id, lead(1), sentAt);
    await store.addCascade(
      id,
      lead(1),
      { method: 'email', on: '2026-03-03', staffReached: 9 },
      sentAt,
    );
    await store.addImpact(id, lead(1), { recommendation: 1, change: 'c', impact: 'i' }, sentAt);

    // Not yet a week: nothing.
    expect(await check(new Date(sentAt.getTime() + 6 * DAY))).toEqual([]);

    const weekLater = new Date(sentAt.getTime() + 7 * DAY);
    const first = await check(weekLater);
    expect(first.map((r) => [r.userId, r.step]).sort()).toEqual([
      ['lead-2', 'acknowledge'],
      ['lead-3', 'acknowledge'],
    ]);
    // Again at once (a restart, another instance, both at the same time): nothing more.
    const again = await Promise.all([check(weekLater), check(new Date(weekLater.getTime() + DAY))]);
    expect(again.flat()).toEqual([]);
    expect((await notifications(id)).sort()).toEqual(['lead-2', 'lead-3']);

    // Lead 2 acknowledges; their agency already cascaded and reported: done.
    await store.acknowledge(id, lead(2), weekLater);
    const nextWeek = await check(new Date(weekLater.getTime() + 7 * DAY));
    expect(nextWeek.map((r) => [r.userId, r.step])).toEqual([['lead-3', 'acknowledge']]);
    expect((await notifications(id)).sort()).toEqual(['lead-2', 'lead-3', 'lead-3']);

    // Lead 3 acknowledges: next, their agency's cascade is what is missing.
    await store.acknowledge(id, lead(3), weekLater);
    const third = await check(new Date(weekLater.getTime() + 14 * DAY));
    expect(third.map((r) => [r.userId, r.step])).toEqual([['lead-3', 'cascade']]);
    const markers = await database.db
      .selectFrom('briefing_reminders')
      .select(['user_id', sql<number>`count(*)::int`.as('n')])
      .where('briefing_id', '=', id)
      .groupBy('user_id')
      .orderBy('user_id')
      .execute();
    expect(markers).toEqual([
      { user_id: 'lead-2', n: 1 },
      { user_id: 'lead-3', n: 3 },
    ]);
  });

  it('when a reminder is sent, then it says which step is missing and carries the briefing title only', async () => {
    const sentAt = new Date('2026-04-01T09:00:00Z');
    const id = await sentBriefing(hsscp, sentAt);
    await check(new Date(sentAt.getTime() + 7 * DAY));
    const effect = await database.db
      .selectFrom('graph_side_effects')
      .select('payload')
      .where('effect_key', '=', `briefing:${id}:reminder:lead-1:1`)
      .executeTakeFirstOrThrow();
    expect(effect.payload).toMatchObject({
      kind: 'activity.notifyUser',
      userId: 'lead-1',
      notification: {
        activityType: 'briefingReminder',
        previewText: 'Reminder: please acknowledge it.',
        templateParameters: [{ name: 'briefingTitle', value: note.title }],
      },
    });
  });
});
