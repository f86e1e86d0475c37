import {
  nestedAppAuth as hostNestedAppAuth,
  type CreateClient,
  type PathwaysConfig,
} from '@pathways/ui-shell/app';

export type { CreateClient };

/** Signing in through Outlook needs a Microsoft 365 tenant; the local sandbox has none. */
export class NoTenantError extends Error {
  constructor() {
    super('Outlook cannot sign you in to the test sandbox. Choose a test persona instead.');
    this.name = 'NoTenantError';
  }
}

/** Nested app authentication through Outlook (the shell's, shared with the Teams tab). */
export function nestedAppAuth(create?: CreateClient) {
  return hostNestedAppAuth(() => new NoTenantError(), create);
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
