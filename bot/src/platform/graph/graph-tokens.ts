import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { type HttpsTransport, msalNetworkClient } from './https-transport';

/** Access tokens for Graph: the app's own, or on behalf of a signed-in user of the tab or add-in. */
export interface GraphTokenSource {
  appOnly(): Promise<string>;
  /** `userToken`: the token the tab or add-in sent us (audience: our API). */
  onBehalfOf(userToken: string): Promise<string>;
}

export interface TokenSettings {
  /** https://login.microsoftonline.com/{tenant} or the sandbox's https authority. */
  authority: string;
  clientId: string;
  clientSecret: string;
  /** The resource whose `/.default` scope is asked for (Graph's, in both modes). */
  resource: string;
}

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/**
 * MSAL's confidential client: it caches app-only and on-behalf-of tokens in memory and
 * renews them before they expire. Its logger stays off: requests and responses carry
 * secrets and user tokens.
 */
export function msalTokenSource(
  settings: TokenSettings,
  transport: HttpsTransport,
): GraphTokenSource {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: settings.authority,
      // Trust this authority's own discovery document instead of asking Microsoft's
      // instance discovery about it (the sandbox is not a Microsoft cloud).
      knownAuthorities: [new URL(settings.authority).host],
    },
    system: {
      networkClient: msalNetworkClient(transport),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
        loggerCallback: () => {},
      },
    },
  });
  const scopes = [`${settings.resource}/.default`];
  const accessToken = (result: { accessToken: string } | null): string => {
    if (!result?.accessToken) throw new Error('Microsoft Entra ID returned no access token.');
    return result.accessToken;
  };
  return {
    appOnly: async () => accessToken(await app.acquireTokenByClientCredential({ scopes })),
    onBehalfOf: async (userToken) =>
      accessToken(await app.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes })),
  };
}
