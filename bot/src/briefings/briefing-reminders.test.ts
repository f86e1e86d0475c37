import type { BriefingStatus } from '@pathways/core';
import { mailState, sendBriefing } from '../test-support/briefing-mail';
import { startHarness, type Harness } from '../test-support/harness';
import { until } from '../test-support/until';

// Its own file (and so its own worker): the reminders wait on the activity feed's limit.
describe('Reminding agency leads about a briefing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ SANDBOX_LIMITS: 'enforce' });
  });
  afterAll(() => h.close());

  it('when a week passes, then every lead whose part is not done is reminded once by activity notification, and a second check reminds no one', async () => {
    const status = await sendBriefing(h);
    const ash = h.persona('AgencyLead');
    const acked = await h.api(ash, 'POST', `/api/lead/briefings/${status.id}/acknowledgement`, {});
    expect(acked.status).toBe(200);
    const cascaded = await h.api(ash, 'POST', `/api/lead/briefings/${status.id}/cascades`, {
      method: 'email',
      on: new Date().toISOString().slice(0, 10),
      staffReached: 12,
    });
    expect(cascaded.status).toBe(200);
    const weekLater = new Date(Date.now() + 8 * 86_400_000);
    const decided = await h.service.briefings.checkReminders(weekLater);
    const mine = decided.filter((d) => d.briefingId === status.id);
    expect(mine).toHaveLength(status.recipients);
    expect(mine.find((d) => d.userId === ash.id)?.step).toBe('report');
    expect(mine.filter((d) => d.step === 'acknowledge')).toHaveLength(status.recipients - 1);
    expect(
      (await h.service.briefings.checkReminders(weekLater)).filter(
        (d) => d.briefingId === status.id,
      ),
    ).toEqual([]);
    const delivered = await until(
      async () => {
        const state = await mailState(h);
        const reminded = state.activityFeeds.filter((f) =>
          f.notifications.some((n) => n.activityType === 'briefingReminder'),
        );
        return reminded.length >= status.recipients ? state : undefined;
      },
      'the reminders to reach Teams',
      120,
    );
    for (const feed of delivered.activityFeeds) {
      expect(
        feed.notifications.filter((n) => n.activityType === 'briefingReminder').length,
      ).toBeLessThanOrEqual(1);
    }
    const { body } = await h.api(h.persona('BusinessUnit'), 'GET', `/api/briefings/${status.id}`);
    expect((body as BriefingStatus).agencyStatus.every((a) => a.lastReminderAt !== null)).toBe(
      true,
    );
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 180_000);
});
