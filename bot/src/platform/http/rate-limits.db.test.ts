import request from 'supertest';
import type { Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';

// Two app instances over one database, as two App Service instances would be.
let database: Database;
let first: ApiUnderTest;
let second: ApiUnderTest;
beforeAll(async () => {
  database = await openTestDatabase();
  const env = { RATE_LIMIT_API_PER_MINUTE: '4', RATE_LIMIT_BOT_PER_MINUTE: '2', TRUST_PROXY: '1' };
  first = await startApiUnderTest(env, { database });
  second = await startApiUnderTest(env, { database });
});
afterAll(async () => {
  await first.close();
  await second.close();
  await database.close();
});

const fromAddress = (api: ApiUnderTest, address: string) =>
  request(api.app).get('/api/config').set('x-forwarded-for', address);

describe('rate limits', () => {
  it('when one address exceeds the API limit across instances, then it gets 429 in plain English with Retry-After', async () => {
    const statuses = [];
    for (const api of [first, second, first, second, first]) {
      statuses.push((await fromAddress(api, '203.0.113.7')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await fromAddress(second, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error.message).toMatch(/Please wait a minute/);
  });

  it('when another address calls, then it has its own allowance (App Service adds a port)', async () => {
    expect((await fromAddress(first, '198.51.100.20:51234')).status).toBe(200);
  });

  it('when one conversation floods /api/messages, then only that conversation is refused', async () => {
    const post = (api: ApiUnderTest, conversation: string) =>
      request(api.app)
        .post('/api/messages')
        .set('x-forwarded-for', '192.0.2.1')
        .send({ type: 'message', conversation: { id: conversation } });
    // The Teams gateway is not part of this test (it answers 500); the limit comes first.
    const statuses = [];
    for (const api of [first, second, first]) statuses.push((await post(api, 'a:busy')).status);
    expect(statuses.map((s) => s === 429)).toEqual([false, false, true]);
    expect((await post(second, 'a:quiet')).status).not.toBe(429);
  });
});
