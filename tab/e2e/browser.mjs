// What the tab's and the add-in's browser tests share: Debian's Chromium (playwright-core; npm
// never downloads a browser) and axe-core over a page once it has settled.
/* global document, window, axe */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Headless Chromium (CHROMIUM, default /usr/bin/chromium) that reaches nothing off this machine
 * of its own accord, with `moreArgs` after the usual ones.
 */
export function launchChromium(moreArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...moreArgs,
    ],
  });
}

/**
 * Waits for the page to settle, then returns axe's violations of WCAG 2.2 A and AA and its best
 * practice, each as a line naming the rule and where it failed (empty when there are none).
 */
export async function axeViolations(page) {
  await settle(page);
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    // Evaluated over the DevTools protocol, so the page's Content Security Policy stays on.
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() =>
    axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
        .join(', ')}`,
  );
}

/**
 * Colours are measured once nothing is moving: a button is faded on purpose while its form is
 * busy, and fades back over a short transition. This waits for the buttons to be enabled (a
 * button disabled for good costs the 3 s) and then for every transition and finite animation
 * running to finish, however long a loaded machine takes to play them (a fixed pause did not).
 */
async function settle(page) {
  await page
    .waitForFunction(
      () => document.querySelectorAll('button[aria-disabled="true"], button:disabled').length === 0,
      null,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  await page.evaluate(async () => {
    const moving = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity);
    const finished = Promise.all(moving.map((a) => a.finished.catch(() => undefined)));
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    // One more frame, so the finished styles are the ones painted.
    await new Promise((resolve) => {
      window.requestAnimationFrame(() => resolve(undefined));
      setTimeout(resolve, 500);
    });
  });
}
