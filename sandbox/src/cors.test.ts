import type { SandboxServer } from './index';
import { withSandbox } from './test/helpers';

const PAGES = 'http://127.0.0.1:3978';

describe('who may call the sandbox from a browser page', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await withSandbox({ pageUrls: [`${PAGES}/tab/`] });
  });
  afterAll(() => sandbox.close());

  const get = (path: string, origin: string) =>
    fetch(`${sandbox.url}${path}`, { headers: { origin } });
  const preflight = (path: string, origin: string) =>
    fetch(`${sandbox.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('when another site’s page reads /api/state, then the answer lets no browser hand it over', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:9999']) {
      const res = await get('/api/state', origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const pre = await preflight(`/${sandbox.tenantId}/oauth2/v2.0/token`, origin);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('when the service’s own pages call it, then they are answered for their origin only, without credentials', async () => {
    for (const origin of [PAGES, 'http://localhost:3978', sandbox.url]) {
      const res = await get('/api/state', origin);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toMatch(/Origin/);
      const pre = await preflight('/personas', origin);
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});
