import type { PathwaysConfig } from '../../../ui-shell/src';
import { teamsTokenSource } from './teams';

const tenant: PathwaysConfig = {
  m365: 'tenant',
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  apiScope: 'api://pathways.example.org/0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d/access_as_user',
  partnership: { id: 'hsscp', name: 'HSSCP' },
};

/** The two parts of the Teams SDK the tab's sign-in uses, answering as a host would. */
function teams(naa: 'recommended' | 'not recommended' | 'unknown to the SDK') {
  const getAuthToken = jest.fn(async () => 'teams-sso-token');
  return {
    getAuthToken,
    sdk: {
      nestedAppAuth: {
        isNAAChannelRecommended: () => {
          if (naa === 'unknown to the SDK') throw new Error('SDK not initialized');
          return naa === 'recommended';
        },
      },
      authentication: { getAuthToken },
    },
  };
}

describe('Signing in to the tab through Teams', () => {
  it('when the host recommends nested app authentication, then the token comes from it for the Pathways scope, not getAuthToken', async () => {
    const { sdk, getAuthToken } = teams('recommended');
    const naa = jest.fn(async () => 'naa-token');
    await expect(teamsTokenSource(sdk, naa)(tenant)).resolves.toBe('naa-token');
    expect(naa).toHaveBeenCalledWith(tenant);
    expect(getAuthToken).not.toHaveBeenCalled();
  });

  it('when the host lacks nested app authentication, then Teams’ own single sign-on (getAuthToken) is used', async () => {
    const { sdk, getAuthToken } = teams('not recommended');
    const naa = jest.fn(async () => 'naa-token');
    await expect(teamsTokenSource(sdk, naa)(tenant)).resolves.toBe('teams-sso-token');
    expect(naa).not.toHaveBeenCalled();
    expect(getAuthToken).toHaveBeenCalledTimes(1);
  });

  it('when the SDK cannot say whether the host supports it, then getAuthToken is used', async () => {
    const { sdk } = teams('unknown to the SDK');
    const naa = jest.fn(async () => 'naa-token');
    await expect(teamsTokenSource(sdk, naa)(tenant)).resolves.toBe('teams-sso-token');
    expect(naa).not.toHaveBeenCalled();
  });

  it('when the service runs against the sandbox, then nested app authentication says Teams cannot sign in there', async () => {
    const { sdk } = teams('recommended');
    await expect(teamsTokenSource(sdk)({ ...tenant, m365: 'sandbox' })).rejects.toThrow(
      'Teams cannot sign you in to the test sandbox. Choose a test persona instead.',
    );
  });
});
