// First load of the Teams tab and the Outlook add-in, as a browser fetches them: Debian's
// Chromium (playwright-core, never downloaded by npm) with an empty cache, every request counted
// at its size on the network (encoded: compressed bodies plus headers, Chrome's
// encodedDataLength), and the time until the first screen someone can use.
//   npm run bench:tab   (builds, then runs this file)
// The sandbox tenant has no single sign-on, so each page's first usable screen is its sign-in
// (the persona picker); the figures after signing in (the Engine Room queue; the add-in's pane
// with no email open) are printed too. Last line: JSON. Target: at most 150 KB each first load.
//   CHROMIUM  browser binary (default /usr/bin/chromium)
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startService } from '../../tab/e2e/service.mjs';

const TARGET_BYTES = 150 * 1024;

/** Encoded bytes of every request the page makes, from the DevTools protocol. */
async function countBytes(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const bytes = new Map();
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  return {
    total: () => [...bytes.values()].reduce((a, b) => a + b, 0),
    requests: () => bytes.size,
    largest: () =>
      [...bytes.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([id, n]) => `${new URL(urls.get(id) ?? 'about:blank').pathname} ${kb(n)} KB`),
  };
}

/** Until no request has finished for a second (the page's own calls after signing in). */
async function settled(counter) {
  let last = -1;
  while (counter.requests() !== last) {
    last = counter.requests();
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const kb = (n) => Math.round((n / 1024) * 10) / 10;

async function measure(browser, { name, url, prepare, firstScreen, signIn, signedIn }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await prepare?.(page);
  const counter = await countBytes(page);
  const started = performance.now();
  await page.goto(url);
  await firstScreen(page).waitFor({ state: 'visible' });
  const firstMs = performance.now() - started;
  await page.waitForLoadState('networkidle');
  const first = {
    bytes: counter.total(),
    requests: counter.requests(),
    largest: counter.largest(),
  };
  await signIn(page);
  await page.getByText(/^Signed in as /).waitFor();
  await signedIn(page).waitFor({ state: 'visible' });
  await settled(counter);
  const after = { bytes: counter.total(), requests: counter.requests() };
  await context.close();
  const result = {
    firstLoadBytes: first.bytes,
    firstLoadKB: kb(first.bytes),
    firstLoadRequests: first.requests,
    timeToFirstUsableMs: Math.round(firstMs),
    signedInBytes: after.bytes,
    signedInKB: kb(after.bytes),
    withinTarget: first.bytes <= TARGET_BYTES,
  };
  console.log(
    `${name}: first load ${result.firstLoadKB} KB in ${first.requests} requests (largest: ${first.largest.join(', ')}); ` +
      `first usable screen after ${result.timeToFirstUsableMs} ms; with the first page after signing in ${result.signedInKB} KB`,
  );
  return result;
}

const service = await startService();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
});
try {
  const signInAs = (persona) => async (page) => {
    await page.getByRole('radio', { name: new RegExp(persona) }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const tab = await measure(browser, {
    name: 'tab',
    url: `${service.url}/tab/index.html#/engine-room`,
    firstScreen: (page) => page.getByRole('button', { name: 'Sign in' }),
    signIn: signInAs('Eli EngineRoom'),
    signedIn: (page) => page.getByRole('navigation', { name: 'Pathways pages' }),
  });
  const addin = await measure(browser, {
    name: 'add-in',
    url: `${service.url}/outlook/taskpane.html`,
    // Office.js comes from Microsoft's CDN, not from Pathways: outside Outlook it is absent.
    prepare: (page) =>
      page.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.fulfill({ contentType: 'text/javascript', body: '' }),
      ),
    firstScreen: (page) => page.getByRole('button', { name: 'Sign in' }),
    signIn: signInAs('Ash AgencyLead'),
    signedIn: (page) => page.getByText('No email open'),
  });
  console.log(JSON.stringify({ targetKB: TARGET_BYTES / 1024, tab, addin }));
} finally {
  await browser.close();
  await service.stop();
}
