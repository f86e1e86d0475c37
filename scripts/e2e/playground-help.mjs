#!/usr/bin/env node
// Smoke check as a person would do it: with `npm start` running, open the
// Agents Playground in Debian's Chromium, type "help", and expect the welcome
// card. Not part of `npm test` (it needs a browser): run it by hand or in a
// release check. Usage: node scripts/e2e/playground-help.mjs [screenshot.png]
import { launchChromium } from '../../tab/e2e/browser.mjs';

const url = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:56150/';
const browser = await launchChromium(['--disable-quic', '--disable-sync']);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: 'networkidle' });
  const box = page.getByPlaceholder('Type a message...');
  await box.fill('help');
  await page.keyboard.press('Enter');
  await page.getByText('Welcome to Pathways', { exact: false }).last().waitFor({ timeout: 15_000 });
  if (process.argv[2]) await page.screenshot({ path: process.argv[2] });
  console.log('ok: the Playground shows the welcome card after "help"');
} finally {
  await browser.close();
}
