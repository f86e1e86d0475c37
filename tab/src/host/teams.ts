import type * as TeamsSdk from '@microsoft/teams-js';
// The shell's first-screen part, not its index: that would pull every shared component in.
import {
  browserHost,
  nestedAppAuth,
  themeFromTeams,
  withTimeout,
  type HostAdapter,
  type PathwaysConfig,
} from '@pathways/ui-shell/app';

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

/** Signing in through Teams needs a Microsoft 365 tenant; the local sandbox has none. */
export class NoTenantError extends Error {
  constructor() {
    super('Teams cannot sign you in to the test sandbox. Choose a test persona instead.');
    this.name = 'NoTenantError';
  }
}

/**
 * How the tab gets a token in Teams: nested app authentication where the host
 * recommends it (new Teams and other Microsoft 365 hosts), else Teams' older single
 * sign-on, getAuthToken().
 */
export function teamsTokenSource(
  sdk: {
    nestedAppAuth: Pick<typeof TeamsSdk.nestedAppAuth, 'isNAAChannelRecommended'>;
    authentication: Pick<typeof TeamsSdk.authentication, 'getAuthToken'>;
  },
  naa: (config: PathwaysConfig) => Promise<string> = nestedAppAuth(() => new NoTenantError()),
): (config: PathwaysConfig) => Promise<string> {
  const hasNaa = (() => {
    try {
      return sdk.nestedAppAuth.isNAAChannelRecommended();
    } catch {
      return false;
    }
  })();
  if (hasNaa) return naa;
  return () => sdk.authentication.getAuthToken();
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
  const { app } = sdk;
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
    getToken: teamsTokenSource(sdk),
  };
}
