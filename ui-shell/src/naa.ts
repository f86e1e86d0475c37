import type {
  AuthenticationResult,
  Configuration,
  IPublicClientApplication,
  SilentRequest,
} from '@azure/msal-browser';
import type { PathwaysConfig } from './types';

export type CreateClient = (configuration: Configuration) => Promise<IPublicClientApplication>;

/** MSAL is loaded only in a host with a tenant: a plain browser and the sandbox never need it. */
const createNestable: CreateClient = async (configuration) =>
  (await import('@azure/msal-browser')).createNestablePublicClientApplication(configuration);

/** MSAL's sign that Entra ID needs the person (consent, MFA): then a pop-up may help. */
function needsInteraction(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'InteractionRequiredAuthError';
}

/**
 * Nested app authentication, shared by the Teams tab and the Outlook add-in: the host
 * signs the person in for us (MSAL's nestable client brokers through it), then we ask for
 * the Pathways API's scope. Quietly first (the account the host knows, then single
 * sign-on); a pop-up only when Entra ID needs the person (consent, MFA). One client per
 * page; a fresh token for every call (MSAL caches it until it nearly expires).
 * `noTenant` is the host's own words for a run against the sandbox, which has no tenant.
 */
export function nestedAppAuth(noTenant: () => Error, create: CreateClient = createNestable) {
  let client: Promise<IPublicClientApplication> | undefined;
  let clientFor: string | undefined;

  return async (config: PathwaysConfig): Promise<string> => {
    if (config.m365 !== 'tenant' || !config.clientId || !config.tenantId) throw noTenant();
    const key = `${config.tenantId}/${config.clientId}`;
    if (!client || clientFor !== key) {
      clientFor = key;
      client = create({
        auth: {
          clientId: config.clientId,
          authority: `https://login.microsoftonline.com/${config.tenantId}`,
        },
      });
      // A failed start is not kept: the next call tries again.
      client.catch(() => {
        client = undefined;
      });
    }
    const app = await client;
    const scopes = [config.apiScope ?? `api://${config.clientId}/access_as_user`];
    let result: AuthenticationResult;
    try {
      const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
      const request: SilentRequest = account ? { scopes, account } : { scopes };
      result = account ? await app.acquireTokenSilent(request) : await app.ssoSilent({ scopes });
    } catch (error) {
      if (!needsInteraction(error)) throw error;
      result = await app.acquireTokenPopup({ scopes });
    }
    if (result.account) app.setActiveAccount(result.account);
    return result.accessToken;
  };
}
