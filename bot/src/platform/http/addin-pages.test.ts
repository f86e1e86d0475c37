import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';

let api: ApiUnderTest;
let built: string;

beforeAll(async () => {
  // A built add-in as Vite leaves it: the task pane, its script and the ribbon icons.
  built = mkdtempSync(join(tmpdir(), 'pathways-outlook-'));
  mkdirSync(join(built, 'assets'));
  writeFileSync(
    join(built, 'taskpane.html'),
    '<!doctype html><html lang="en-GB"><title>Pathways</title><div id="root"></div></html>',
  );
  writeFileSync(join(built, 'assets', 'taskpane-abc.js'), 'console.log(1)');
  writeFileSync(join(built, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  api = await startApiUnderTest({}, { assets: { outlook: built } });
});
afterAll(async () => {
  await api.close();
  rmSync(built, { recursive: true, force: true });
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

describe('the Outlook add-in pages', () => {
  it('when Outlook loads the task pane, then it is served with a policy that lets Outlook frame it, loads Office.js from its CDN, lets MSAL reach Entra ID and runs no inline script', async () => {
    const res = await request(api.app).get('/outlook/taskpane.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp['frame-ancestors']).toEqual(
      expect.arrayContaining([
        'https://outlook.office.com',
        'https://outlook.office365.com',
        'https://*.cloud.microsoft',
      ]),
    );
    expect(csp['script-src']).toEqual([
      "'self'",
      'https://appsforoffice.microsoft.com',
      'https://ajax.aspnetcdn.com',
    ]);
    expect(csp['connect-src']).toContain('https://login.microsoftonline.com');
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers).not.toHaveProperty('x-frame-options');
  });

  it('when Outlook on the web fetches a ribbon icon from another origin, then it may (cross-origin resource policy)', async () => {
    const res = await request(api.app).get('/outlook/assets/icon-16.png');
    expect(res.status).toBe(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});
