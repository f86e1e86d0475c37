import {
  agencyNames,
  loadPartnership,
  type BriefingAudience,
  type BriefingStatus,
} from '@pathways/core';
import { agencyLeadGroupsOfAll } from '@pathways/sandbox';
import { startHarness, type Harness } from '../test-support/harness';

interface MailboxState {
  mailboxes: { userId: string; folders: { name: string; messages: { subject: string }[] }[] }[];
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, seconds = 60) {
  for (let i = 0; i < seconds * 5; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('A Stockport briefing, in the sandbox tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ PARTNERSHIP: 'stockport' });
  });
  afterAll(() => h.close());

  it('when the Business Unit sends a briefing, then it reaches the leads in every Stockport agency’s group, under the agency’s current name', async () => {
    const stockport = loadPartnership('stockport');
    const billie = h.persona('BusinessUnit');
    const shown = (await h.api(billie, 'GET', '/api/briefings/audience')).body as BriefingAudience;
    expect({ leads: shown.leads, agencies: shown.agencies }).toEqual({
      leads: 2 * agencyNames(stockport).length,
      agencies: agencyNames(stockport).length,
    });

    const created = await h.api(billie, 'POST', '/api/briefings', {
      title: 'Learning from an audit: early help',
      kind: 'reactive',
      theme: 'Early help',
      identifiedLearning: 'Early help assessments were not shared with schools.',
      recommendations: ['Share each assessment with the school within a week.'],
      proposedActions: 'Brief every team by the end of the month.',
    });
    expect(created.status).toBe(201);
    const id = (created.body as BriefingStatus).id;
    const sending = await h.api(billie, 'POST', `/api/briefings/${id}/send`, {
      audience: { leads: shown.leads, agencies: shown.agencies },
    });
    expect(sending.status).toBe(200);
    const status = await until(async () => {
      const body = (await h.api(billie, 'GET', `/api/briefings/${id}`)).body as BriefingStatus;
      return body.status === 'sent' ? body : undefined;
    }, 'the briefing to be sent');

    expect(status.agencyStatus.map((a) => a.agency).sort()).toEqual(
      [...agencyNames(stockport)].sort(),
    );
    expect(status.delivery).toEqual({ queued: 0, sent: shown.leads, failed: 0 });

    // Every lead seeded in Stockport's groups has it in their inbox; no HSSCP lead does.
    const state = (await (await fetch(`${h.sandboxUrl}/api/state`)).json()) as MailboxState;
    const inboxHolders = new Set(
      state.mailboxes
        .filter((m) =>
          m.folders.some(
            (f) => f.name === 'Inbox' && f.messages.some((x) => x.subject.includes('early help')),
          ),
        )
        .map((m) => m.userId),
    );
    const stockportGroups = new Set(
      agencyLeadGroupsOfAll()
        .filter((g) => g.partnershipId === 'stockport')
        .map((g) => g.groupId),
    );
    expect(stockportGroups.size).toBe(agencyNames(stockport).length);
    expect(inboxHolders.size).toBe(shown.leads);
  });
});
