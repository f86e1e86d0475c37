import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(async () => {
  await api.close();
});

function directives(header: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  it.each(['/privacy', '/api/config'])(
    'when %s is served, then it carries a content security policy that lets Teams and Outlook frame it and runs no inline script',
    async (path) => {
      const res = await request(api.app).get(path);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp['frame-ancestors']).toEqual(
        expect.arrayContaining([
          'https://teams.microsoft.com',
          'https://*.teams.microsoft.com',
          'https://*.cloud.microsoft',
          'https://outlook.office.com',
        ]),
      );
      expect(csp['script-src']).toEqual(
        expect.arrayContaining(["'self'", 'https://appsforoffice.microsoft.com']),
      );
      expect(csp['script-src']).not.toContain("'unsafe-inline'");
      expect(csp['script-src']).not.toContain("'unsafe-eval'");
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp).not.toHaveProperty('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // X-Frame-Options cannot name Teams, and would block it.
      expect(res.headers).not.toHaveProperty('x-frame-options');
      expect(res.headers).not.toHaveProperty('x-powered-by');
    },
  );
});
