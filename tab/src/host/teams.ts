import type * as TeamsSdk from '@microsoft/teams-js';
// Not the shell's index: it would pull every shared component into the first screen's chunk.
import { themeFromTeams } from '../shell/theme';
import { withTimeout } from '../shell/timeout';
import { browserHost, type HostAdapter } from '../shell/types';

/**
 * Could a Microsoft 365 host be talking to this page? Teams desktop and web load tabs in an
 * iframe; Teams mobile uses a web view with a native bridge. A top-level page with neither is
 * a plain browser, so we skip the wait for `app.initialize()`.
 */
function mightBeHosted(): boolean {
  return window.parent !== window || window.opener != null || 'nativeInterface' in window;
}

/**
 * Loads the Teams SDK. Only when a host might be there: on load the SDK fetches its list of
 * trusted origins from a Microsoft CDN, and a plain browser (possibly offline) must not.
 */
export function loadTeamsSdk(): Promise<typeof TeamsSdk> {
  return import('@microsoft/teams-js');
}

/** Teams when `app.initialize()` answers in time; otherwise a plain browser. */
export async function detectTeamsHost(timeoutMs = 5000): Promise<HostAdapter> {
  if (!mightBeHosted()) return browserHost;
  let sdk: typeof TeamsSdk;
  try {
    sdk = await loadTeamsSdk();
  } catch {
    return browserHost;
  }
  const { app, authentication } = sdk;
  try {
    await withTimeout(app.initialize(), timeoutMs, 'Microsoft Teams');
  } catch {
    return browserHost;
  }
  let theme: string | undefined;
  try {
    theme = (await withTimeout(app.getContext(), timeoutMs, 'Microsoft Teams')).app.theme;
  } catch {
    theme = undefined;
  }
  try {
    app.notifySuccess();
  } catch {
    // Only needed when the manifest asks Teams to show a loading indicator.
  }
  return {
    kind: 'teams',
    theme: themeFromTeams(theme),
    onThemeChange: (listener) =>
      app.registerOnThemeChangeHandler((next) => listener(themeFromTeams(next))),
    getToken: () => authentication.getAuthToken(),
  };
}
