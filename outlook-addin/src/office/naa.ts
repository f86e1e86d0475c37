import type {
  AuthenticationResult,
  Configuration,
  IPublicClientApplication,
  SilentRequest,
} from '@azure/msal-browser';
import type { PathwaysConfig } from '@pathways/ui-shell';

/** Signing in through Outlook needs a Microsoft 365 tenant; the local sandbox has none. */
export class NoTenantError extends Error {
  constructor() {
    super('Outlook cannot sign you in to the test sandbox. Choose a test persona instead.');
    this.name = 'NoTenantError';
  }
}

export type CreateClient = (configuration: Configuration) => Promise<IPublicClientApplication>;

/** MSAL is loaded only in Outlook with a tenant: a plain browser and the sandbox never need it. */
const createNestable: CreateClient = async (configuration) =>
  (await import('@azure/msal-browser')).createNestablePublicClientApplication(configuration);

/** MSAL's sign that Entra ID needs the person (consent, MFA): then a pop-up may help. */
function needsInteraction(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'InteractionRequiredAuthError';
}

/**
 * Nested app authentication: Outlook signs the person in for us (MSAL's nestable client
 * brokers through the host), then we ask for the Pathways API's scope. Quietly first
 * (the account Outlook knows, then single sign-on); a pop-up only when Entra ID needs
 * the person (consent, MFA). One client per page; a fresh token for every call (MSAL
 * caches it until it nearly expires).
 */
export function nestedAppAuth(create: CreateClient = createNestable) {
  let client: Promise<IPublicClientApplication> | undefined;
  let clientFor: string | undefined;

  return async (config: PathwaysConfig): Promise<string> => {
    if (config.m365 !== 'tenant' || !config.clientId || !config.tenantId) throw new NoTenantError();
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

/**
 * How the pane gets a token in Outlook: nested app authentication where Outlook
 * supports it (NestedAppAuth 1.1), else Office's older single sign-on.
 */
export function outlookTokenSource(
  office: Pick<typeof Office, 'context' | 'auth'>,
  naa: (config: PathwaysConfig) => Promise<string> = nestedAppAuth(),
): (config: PathwaysConfig) => Promise<string> {
  const hasNaa = (() => {
    try {
      return office.context?.requirements?.isSetSupported('NestedAppAuth', '1.1') === true;
    } catch {
      return false;
    }
  })();
  if (hasNaa) return naa;
  return () => office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
}
