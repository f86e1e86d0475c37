import { pacedTeamsGateway } from './teams-pacing';
import type { OutgoingMessage, PostedActivity, TeamsGateway } from './teams-contract';

const message: OutgoingMessage = {
  card: { type: 'AdaptiveCard', version: '1.5', body: [] } as never,
};

/** A Teams that records when each send reached it, per conversation. */
function recordingTeams(options: { throttleFirst?: number } = {}) {
  const sends: { conversation: string; at: number }[] = [];
  let throttled = 0;
  const send = async (conversation: string): Promise<PostedActivity> => {
    if (throttled < (options.throttleFirst ?? 0)) {
      throttled += 1;
      throw Object.assign(new Error('Too many requests'), {
        statusCode: 429,
        response: {
          headers: { get: (name: string) => (name === 'retry-after' ? '0.05' : undefined) },
        },
      });
    }
    sends.push({ conversation, at: Date.now() });
    return {
      conversationId: `${conversation};messageid=${sends.length}`,
      activityId: String(sends.length),
    };
  };
  const teams: TeamsGateway = {
    handle: async () => undefined,
    postToChannel: (_url, channelId) => send(channelId),
    updateMessage: async (_url, posted) => void (await send(posted.conversationId.split(';')[0]!)),
    sendToConversation: (reference) =>
      send((reference as { conversation: { id: string } }).conversation.id),
    sendToPerson: (_url, _tenant, id) => send(`person:${id}`),
  };
  return { teams, sends, throttledCount: () => throttled };
}

const windows = [
  { limit: 3, windowMs: 300 },
  { limit: 5, windowMs: 1_000 },
];

function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('pacing sends at the Teams limits', () => {
  it('when many posts go to two channels at once, then neither channel ever gets more than each window allows, and the channels are served side by side', async () => {
    const { teams, sends } = recordingTeams();
    const paced = pacedTeamsGateway(teams, { perConversation: windows, marginMs: 5 });

    await Promise.all(
      ['19:a@thread.tacv2', '19:b@thread.tacv2'].flatMap((channel) =>
        Array.from({ length: 9 }, () => paced.postToChannel('https://teams', channel, message)),
      ),
    );

    expect(sends).toHaveLength(18);
    for (const channel of ['19:a@thread.tacv2', '19:b@thread.tacv2']) {
      const times = sends.filter((s) => s.conversation === channel).map((s) => s.at);
      for (const w of windows)
        expect(mostInAnyWindow(times, w.windowMs)).toBeLessThanOrEqual(w.limit);
    }
    // Side by side: b's first post does not wait for a's last.
    const lastA = Math.max(
      ...sends.filter((s) => s.conversation.endsWith('a@thread.tacv2')).map((s) => s.at),
    );
    const firstB = Math.min(
      ...sends.filter((s) => s.conversation.endsWith('b@thread.tacv2')).map((s) => s.at),
    );
    expect(firstB).toBeLessThan(lastA);
  });

  it('when Teams still answers 429, then the send waits out Retry-After and is made once', async () => {
    const { teams, sends, throttledCount } = recordingTeams({ throttleFirst: 2 });
    const paced = pacedTeamsGateway(teams, { perConversation: windows, marginMs: 5 });

    const posted = await paced.postToChannel('https://teams', '19:c@thread.tacv2', message);

    expect(throttledCount()).toBe(2);
    expect(sends).toHaveLength(1);
    expect(posted.activityId).toBe('1');
  });
});
