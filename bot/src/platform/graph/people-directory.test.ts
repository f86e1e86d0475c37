import {
  SANDBOX_PERSONAS,
  SANDBOX_ROLE_GROUPS,
  startSandbox,
  type SandboxServer,
} from '@pathways/sandbox';
import { loadConfig } from '../config/config';
import { SANDBOX_CLIENT_ID } from '../../service';
import { createGraphGateway, graphSettings, type GraphGateway } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { graphPeopleDirectory } from './people-directory';
import { defaultRetryPolicy } from './retry';
import { graphUsersAndGroups, type UsersAndGroups } from './users';

const developmentManager = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;
const practitioner = SANDBOX_PERSONAS.find((p) => p.roles.includes('Practitioner'))!;

/** Counts the Graph reads the directory makes, passing each to the real gateway. */
function counting(users: UsersAndGroups) {
  const calls = { getUser: 0, groupMemberIds: 0 };
  const wrapped: UsersAndGroups = {
    getUser: (id) => ((calls.getUser += 1), users.getUser(id)),
    groupMemberIds: (id) => ((calls.groupMemberIds += 1), users.groupMemberIds(id)),
    groupMembers: (id) => users.groupMembers(id),
    usersInOrganisation: (name) => users.usersInOrganisation(name),
    memberGroupsAmong: (id, groups) => users.memberGroupsAmong(id, groups),
  };
  return { calls, users: wrapped };
}

describe('PeopleDirectory over Graph (sandbox tenant, role groups)', () => {
  let sandbox: SandboxServer;
  let gateway: GraphGateway;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, httpsPort: 0 });
    gateway = createGraphGateway(
      graphSettings(loadConfig({}), {
        tenantId: sandbox.tenantId,
        https: sandbox.https!,
        clientId: SANDBOX_CLIENT_ID,
        roleGroups: SANDBOX_ROLE_GROUPS,
      }),
    );
  });
  afterAll(async () => {
    gateway.close();
    await sandbox.close();
  });

  it('when someone is in two role groups, then their profile carries both roles and their agency', async () => {
    const profile = await gateway.people.profile(developmentManager.id);
    expect(profile).toEqual({
      aadObjectId: developmentManager.id,
      displayName: developmentManager.displayName,
      agency: developmentManager.agency,
      roles: new Set(developmentManager.roles),
    });
  });

  it('when someone is in no configured group, then they have no roles; an unknown id has no profile', async () => {
    const onlyBusinessUnit = createGraphGateway(
      graphSettings(
        loadConfig({ ROLE_GROUPS: `BusinessUnit=${SANDBOX_ROLE_GROUPS.BusinessUnit}` }),
        {
          tenantId: sandbox.tenantId,
          https: sandbox.https!,
          clientId: SANDBOX_CLIENT_ID,
          roleGroups: SANDBOX_ROLE_GROUPS,
        },
      ),
    );
    expect((await onlyBusinessUnit.people.profile(practitioner.id))?.roles).toEqual(new Set());
    expect(await onlyBusinessUnit.people.profile('00000000-0000-4000-8000-0000000000ff')).toBe(
      undefined,
    );
    onlyBusinessUnit.close();
  });

  it('when profiles are asked for again within a minute, then Graph is not read again; after it, it is', async () => {
    let now = 1_000_000;
    const { calls, users } = counting(gateway.users);
    const roleGroups = [
      { role: 'EngineRoom' as const, groupId: SANDBOX_ROLE_GROUPS.EngineRoom },
      { role: 'DevelopmentManager' as const, groupId: SANDBOX_ROLE_GROUPS.DevelopmentManager },
    ];
    const people = graphPeopleDirectory(users, roleGroups, { now: () => now });
    await Promise.all([people.profile(developmentManager.id), people.profile(practitioner.id)]);
    expect(calls).toEqual({ getUser: 2, groupMemberIds: 2 });

    now += 59_000;
    await people.profile(developmentManager.id);
    expect(calls).toEqual({ getUser: 2, groupMemberIds: 2 });

    now += 2_000;
    expect((await people.profile(developmentManager.id))?.roles).toEqual(
      new Set(['EngineRoom', 'DevelopmentManager']),
    );
    expect(calls).toEqual({ getUser: 3, groupMemberIds: 4 });
  });

  it('when a group has more members than one page holds, then every page is read', async () => {
    const transport = new HttpsTransport({ trustedCertificate: sandbox.https!.certificate });
    const tokenResponse = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: SANDBOX_CLIENT_ID,
        client_secret: 'local',
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const client = graphClient({
      graphUrl: sandbox.https!.url,
      token: async () => token,
      transport,
      retry: defaultRetryPolicy,
    });
    const all = await graphUsersAndGroups(client).groupMemberIds(SANDBOX_ROLE_GROUPS.AgencyLead);
    expect(all.length).toBeGreaterThan(3);
    const paged = await graphUsersAndGroups(client, { memberPageSize: 2 }).groupMemberIds(
      SANDBOX_ROLE_GROUPS.AgencyLead,
    );
    expect(paged).toEqual(all);
    transport.close();
  });
});
