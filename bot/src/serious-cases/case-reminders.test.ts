import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startHarness, type Harness } from '../test-support/harness';
import { checkDeadlines } from './case-reminders';
import { seriousCaseStore } from './serious-case-store';
import { considerationValues } from './test-fixtures';

// The local authority became aware on Mon 16 Nov 2026: the Panel notification
// is due Mon 23 Nov (5 working days); "due soon" from Wed 18 Nov; overdue from Tue 24.
const laAware = '2026-11-16';
const dueSoonDay = new Date('2026-11-19T09:00:00Z');
const overdueDay = new Date('2026-11-24T09:00:00Z');

async function reminderPosts(h: Harness, reference: string) {
  const state = await h.state();
  return state.teams
    .flatMap((t) => t.channels)
    .flatMap((c) => c.threads.map((t) => t.root))
    .filter((p) => p.summary?.endsWith(`Notification to the Panel for ${reference}`));
}

describe('deadline reminders for serious cases', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-reminders-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when the service restarts between checks, then each reminder is posted exactly once', async () => {
    // First instance: takes the case and queues the "due soon" reminder, then
    // stops before any job runs (as if it died right after the commit).
    const first = await startHarness({ DATA_DIR: dataDir }, { workers: false });
    const { seriousCase } = await seriousCaseStore(
      first.service.database.db,
      first.service.jobs,
    ).submit({
      partnershipId: 'hsscp',
      submissionKey: 'reminders-1',
      values: considerationValues(laAware),
      submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
      receipt: { conversationReference: {}, activityId: undefined },
      at: new Date('2026-11-16T15:00:00Z'),
    });
    const check = (h: Harness, now: Date) =>
      checkDeadlines(h.service.database.db, h.service.jobs, 'hsscp', now);
    expect(await check(first, new Date('2026-11-17T09:00:00Z'))).toEqual([]);
    expect(await check(first, dueSoonDay)).toEqual([
      { caseId: seriousCase.id, clock: 'panel-notification', kind: 'due-soon' },
    ]);
    expect(await check(first, dueSoonDay)).toEqual([]);
    await first.close();

    const second = await startHarness({ DATA_DIR: dataDir });
    try {
      expect(await check(second, dueSoonDay)).toEqual([]);
      const soon = await eventually(async () => {
        const posts = await reminderPosts(second, seriousCase.reference);
        return posts.length > 0 ? posts : undefined;
      }, 'the due-soon reminder');
      expect(soon.map((p) => p.summary)).toEqual([
        `Due soon: Notification to the Panel for ${seriousCase.reference}`,
      ]);

      expect(await check(second, overdueDay)).toEqual([
        { caseId: seriousCase.id, clock: 'panel-notification', kind: 'overdue' },
      ]);
      expect(await check(second, new Date('2026-11-25T09:00:00Z'))).toEqual([]);
      await eventually(async () => {
        const posts = await reminderPosts(second, seriousCase.reference);
        return posts.length === 2 ? posts : undefined;
      }, 'the overdue reminder');
      await new Promise((r) => setTimeout(r, 1500));
      const all = await reminderPosts(second, seriousCase.reference);
      expect(all.map((p) => p.summary).sort()).toEqual([
        `Due soon: Notification to the Panel for ${seriousCase.reference}`,
        `Overdue: Notification to the Panel for ${seriousCase.reference}`,
      ]);
      // The reminder cards say which case and which deadline, nothing about the child.
      expect(JSON.stringify(all)).not.toContain('Quillfeather');
    } finally {
      await second.close();
    }
  }, 240_000);

  it('when the notification is recorded in time, then no reminder is due for it', async () => {
    const h = await startHarness();
    try {
      const store = seriousCaseStore(h.service.database.db, h.service.jobs);
      const { seriousCase } = await store.submit({
        partnershipId: 'hsscp',
        submissionKey: 'reminders-2',
        values: considerationValues(laAware),
        submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
        receipt: { conversationReference: {}, activityId: undefined },
        at: new Date('2026-11-16T15:00:00Z'),
      });
      await store.transition(
        'hsscp',
        seriousCase.id,
        { type: 'record-notification', on: '2026-11-17' },
        { aadObjectId: 'bu', name: 'Business Unit' },
        { today: '2026-11-17' },
      );
      // The Rapid Review clock (due Tue 8 Dec) is not near yet; the notification clock is met.
      expect(
        await checkDeadlines(h.service.database.db, h.service.jobs, 'hsscp', overdueDay),
      ).toEqual([]);
      expect(
        await checkDeadlines(
          h.service.database.db,
          h.service.jobs,
          'hsscp',
          new Date('2026-12-03T09:00:00Z'),
        ),
      ).toEqual([{ caseId: seriousCase.id, clock: 'rapid-review', kind: 'due-soon' }]);
    } finally {
      await h.close();
    }
  }, 240_000);
});
