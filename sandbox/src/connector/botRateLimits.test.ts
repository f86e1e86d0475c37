import { BotRateLimits } from './botRateLimits';

describe('the Teams bot limits the sandbox enforces', () => {
  it('when a bot sends an eighth message into one conversation within a second, then it is refused and the refusal is recorded', () => {
    const limits = new BotRateLimits(true);
    const answers = Array.from({ length: 8 }, () => limits.admit('bot', '19:channel'));
    expect(answers.map((a) => a.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(limits.breaches).toEqual([
      expect.objectContaining({ botId: 'bot', scope: '19:channel', limit: 'conversation-sends' }),
    ]);
  });

  it('when a bot makes a fifty-first request in a second, then the tenant limit is the one recorded', () => {
    const limits = new BotRateLimits(true);
    for (let i = 0; i < 50; i += 1) limits.admit('bot', undefined);
    expect(limits.admit('bot', '19:other').allowed).toBe(false);
    expect(limits.breaches).toEqual([
      expect.objectContaining({ scope: 'tenant', limit: 'tenant-requests' }),
    ]);
  });

  it('when limits are off, then nothing is refused or recorded', () => {
    const limits = new BotRateLimits(false);
    for (let i = 0; i < 100; i += 1) limits.admit('bot', '19:channel');
    expect(limits.breaches).toEqual([]);
  });
});
