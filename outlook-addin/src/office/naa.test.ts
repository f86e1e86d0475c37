import type { AccountInfo, IPublicClientApplication } from '@azure/msal-browser';
import { OfficeMockObject } from 'office-addin-mock';
import type { PathwaysConfig } from '@pathways/ui-shell';
import { nestedAppAuth, NoTenantError, outlookTokenSource, type CreateClient } from './naa';

const tenant: PathwaysConfig = {
  m365: 'tenant',
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  apiScope: 'api://pathways.example.org/0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d/access_as_user',
  partnership: { id: 'hsscp', name: 'HSSCP' },
};

const account = { homeAccountId: 'h', username: 'ash@example.org' } as AccountInfo;

function interactionRequired() {
  return Object.assign(new Error('consent needed'), { name: 'InteractionRequiredAuthError' });
}

/** A stand-in for MSAL's nestable client, recording what it was asked. */
function fakeMsal(options: { accounts?: AccountInfo[]; silent?: 'ok' | 'interaction' | 'fail' }) {
  const calls: string[] = [];
  let active: AccountInfo | null = null;
  const result = (token: string) => ({ accessToken: token, account });
  const app = {
    getActiveAccount: () => active,
    getAllAccounts: () => options.accounts ?? [],
    setActiveAccount: (a: AccountInfo | null) => {
      active = a;
    },
    acquireTokenSilent: async (request: { scopes: string[]; account?: AccountInfo }) => {
      calls.push(`silent ${request.scopes.join(' ')} ${request.account?.username ?? ''}`);
      if (options.silent === 'interaction') throw interactionRequired();
      if (options.silent === 'fail') throw new Error('network down');
      return result('silent-token');
    },
    ssoSilent: async (request: { scopes: string[] }) => {
      calls.push(`sso ${request.scopes.join(' ')}`);
      if (options.silent === 'interaction') throw interactionRequired();
      return result('sso-token');
    },
    acquireTokenPopup: async (request: { scopes: string[] }) => {
      calls.push(`popup ${request.scopes.join(' ')}`);
      return result('popup-token');
    },
  } as unknown as IPublicClientApplication;
  const configs: unknown[] = [];
  const create: CreateClient = async (config) => {
    configs.push(config);
    return app;
  };
  return { create, calls, configs };
}

describe('signing in through Outlook (nested app authentication)', () => {
  it('when Outlook knows no account yet, then the token comes by single sign-on, for the API’s scope, from the tenant’s authority', async () => {
    const msal = fakeMsal({});
    const getToken = nestedAppAuth(msal.create);
    await expect(getToken(tenant)).resolves.toBe('sso-token');
    expect(msal.calls).toEqual([`sso ${tenant.apiScope}`]);
    expect(msal.configs).toEqual([
      {
        auth: {
          clientId: tenant.clientId,
          authority: `https://login.microsoftonline.com/${tenant.tenantId}`,
        },
      },
    ]);
  });

  it('when the account is known, then later tokens are asked for quietly for that account, with one client', async () => {
    const msal = fakeMsal({});
    const getToken = nestedAppAuth(msal.create);
    await getToken(tenant);
    await expect(getToken(tenant)).resolves.toBe('silent-token');
    expect(msal.calls[1]).toBe(`silent ${tenant.apiScope} ash@example.org`);
    expect(msal.configs).toHaveLength(1);
  });

  it('when Entra ID needs the person (consent or MFA), then a pop-up is offered', async () => {
    const msal = fakeMsal({ accounts: [account], silent: 'interaction' });
    await expect(nestedAppAuth(msal.create)(tenant)).resolves.toBe('popup-token');
    expect(msal.calls).toEqual([
      `silent ${tenant.apiScope} ash@example.org`,
      `popup ${tenant.apiScope}`,
    ]);
  });

  it('when the quiet attempt fails for another reason, then no pop-up appears and the error comes back', async () => {
    const msal = fakeMsal({ accounts: [account], silent: 'fail' });
    await expect(nestedAppAuth(msal.create)(tenant)).rejects.toThrow('network down');
    expect(msal.calls.some((c) => c.startsWith('popup'))).toBe(false);
  });

  it('when the service runs on the sandbox (no tenant), then MSAL is never started and the pane falls back to a test persona', async () => {
    const msal = fakeMsal({});
    await expect(
      nestedAppAuth(msal.create)({ ...tenant, m365: 'sandbox', sandboxUrl: 'http://x' }),
    ).rejects.toBeInstanceOf(NoTenantError);
    expect(msal.configs).toEqual([]);
  });
});

describe('which sign-in Outlook offers', () => {
  function office(naaSupported: boolean) {
    const asked: unknown[] = [];
    const mock = new OfficeMockObject({
      host: 'outlook',
      context: {
        requirements: {
          isSetSupported: (name: string, version: string) =>
            naaSupported && name === 'NestedAppAuth' && version === '1.1',
        },
        mailbox: {},
      },
      auth: {
        getAccessToken: async (options: unknown) => {
          asked.push(options);
          return 'office-sso-token';
        },
      },
    }) as unknown as Pick<typeof Office, 'context' | 'auth'>;
    return { mock, asked };
  }

  it('when Outlook supports nested app authentication, then the pane uses it', async () => {
    const { mock, asked } = office(true);
    const naa = jest.fn(async () => 'naa-token');
    await expect(outlookTokenSource(mock, naa)(tenant)).resolves.toBe('naa-token');
    expect(naa).toHaveBeenCalledWith(tenant);
    expect(asked).toEqual([]);
  });

  it('when Outlook is older, then Office’s own single sign-on is used, allowing its sign-in and consent prompts', async () => {
    const { mock, asked } = office(false);
    const naa = jest.fn(async () => 'naa-token');
    await expect(outlookTokenSource(mock, naa)(tenant)).resolves.toBe('office-sso-token');
    expect(naa).not.toHaveBeenCalled();
    expect(asked).toEqual([{ allowSignInPrompt: true, allowConsentPrompt: true }]);
  });
});
