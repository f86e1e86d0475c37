import { PageIterator } from '@microsoft/microsoft-graph-client';
import { ROLES } from '@pathways/core';
import {
  SANDBOX_PERSONAS,
  SANDBOX_ROLE_GROUPS,
  SANDBOX_TEAM_ID,
  sandboxMembersGroupOf,
  type SandboxServer,
} from '../index';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { withSandbox } from '../test/helpers';

interface Member {
  '@odata.type': string;
  id: string;
  displayName?: string;
  companyName?: string;
}

describe('Microsoft Graph groups', () => {
  let sandbox: SandboxServer;
  let token: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    token = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it('when each role group is read, then it exists with its own fixed id', async () => {
    const client = sandboxGraphClient(sandbox, token);
    const ids = new Set(Object.values(SANDBOX_ROLE_GROUPS));
    expect(ids.size).toBe(ROLES.length);
    for (const role of ROLES) {
      const group = await client.api(`/groups/${SANDBOX_ROLE_GROUPS[role]}`).get();
      expect(group).toMatchObject({ id: SANDBOX_ROLE_GROUPS[role], securityEnabled: true });
      expect(group.description).toContain(role);
    }
  });

  it("when a role group's members are listed, then every persona holding that role is there as a user", async () => {
    const client = sandboxGraphClient(sandbox, token);
    for (const role of ROLES) {
      const members: Member[] = (
        await client.api(`/groups/${SANDBOX_ROLE_GROUPS[role]}/members`).top(999).get()
      ).value;
      expect(members.every((m) => m['@odata.type'] === '#microsoft.graph.user')).toBe(true);
      const personaIds = SANDBOX_PERSONAS.filter((p) => p.roles.includes(role)).map((p) => p.id);
      expect(personaIds.length).toBeGreaterThan(0);
      expect(members.map((m) => m.id)).toEqual(expect.arrayContaining(personaIds));
      for (const other of SANDBOX_PERSONAS.filter((p) => !p.roles.includes(role))) {
        expect(members.map((m) => m.id)).not.toContain(other.id);
      }
    }
  });

  it('when members are read with $top and $select, then pages follow @odata.nextLink and keep only what was selected', async () => {
    const client = sandboxGraphClient(sandbox, token);
    const group = `/groups/${SANDBOX_ROLE_GROUPS.AgencyLead}/members`;
    const all: Member[] = (await client.api(group).top(999).get()).value;
    expect(all.length).toBeGreaterThan(50); // leads for every HSSCP agency

    const first = await client.api(group).top(10).select('id,displayName,companyName').get();
    expect(first.value).toHaveLength(10);
    expect(Object.keys(first.value[0]).sort()).toEqual([
      '@odata.type',
      'companyName',
      'displayName',
      'id',
    ]);
    expect(first['@odata.nextLink']).toBeDefined();
    const seen: Member[] = [];
    await new PageIterator(client, first, (m: Member) => {
      seen.push(m);
      return true;
    }).iterate();
    expect(seen.map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect(seen.every((m) => typeof m.companyName === 'string' && m.companyName.length > 0)).toBe(
      true,
    );
  });

  it('when a user is read with $select=companyName, then their organisation comes back', async () => {
    const client = sandboxGraphClient(sandbox, token);
    const persona = SANDBOX_PERSONAS[0]!;
    const user = await client.api(`/users/${persona.id}`).select('id,companyName').get();
    expect(user).toMatchObject({ id: persona.id, companyName: persona.agency });
  });

  it('when checkMemberGroups is asked about each partnership’s members group, then it names those the person is in', async () => {
    const client = sandboxGraphClient(sandbox, token);
    const hsscp = sandboxMembersGroupOf('hsscp');
    const stockport = sandboxMembersGroupOf('stockport');
    const dee = SANDBOX_PERSONAS.find((p) => p.partnerships?.includes('stockport'))!;
    const pat = SANDBOX_PERSONAS[0]!;
    const check = async (id: string) =>
      (await client.api(`/users/${id}/checkMemberGroups`).post({ groupIds: [hsscp, stockport] }))
        .value as string[];
    expect(await check(dee.id)).toEqual([hsscp, stockport]);
    expect(await check(pat.id)).toEqual([hsscp]);
    // Stockport's own Business Unit officer (seeded) is in Stockport only.
    expect(await check('00000000-0000-4000-a000-000000000102')).toEqual([stockport]);
  });

  it('when checkMemberGroups is given more than 20 groups or an id that is not a GUID, then it refuses as Graph does', async () => {
    const client = sandboxGraphClient(sandbox, token);
    const pat = SANDBOX_PERSONAS[0]!;
    const many = Array.from(
      { length: 21 },
      (_, i) => `00000000-0000-4000-c000-${String(i).padStart(12, '0')}`,
    );
    await expect(
      client.api(`/users/${pat.id}/checkMemberGroups`).post({ groupIds: many }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      client.api(`/users/${pat.id}/checkMemberGroups`).post({ groupIds: ['not-a-guid'] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      client
        .api('/users/00000000-0000-4000-8000-00000000ffff/checkMemberGroups')
        .post({ groupIds: [] }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it("when a user's memberOf is listed, then it names the role groups they belong to", async () => {
    const client = sandboxGraphClient(sandbox, token);
    const dana = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;
    const groups = (await client.api(`/users/${dana.id}/memberOf`).get()).value as {
      id: string;
    }[];
    expect(groups.map((g) => g.id)).toEqual(
      expect.arrayContaining([
        SANDBOX_ROLE_GROUPS.DevelopmentManager,
        SANDBOX_ROLE_GROUPS.EngineRoom,
        SANDBOX_TEAM_ID,
      ]),
    );
    expect(groups.map((g) => g.id)).not.toContain(SANDBOX_ROLE_GROUPS.Practitioner);
  });

  it('when an unknown group is asked for, then Graph answers 404 Request_ResourceNotFound', async () => {
    const client = sandboxGraphClient(sandbox, token);
    await expect(
      client.api('/groups/00000000-0000-4000-c000-0000000000ff/members').get(),
    ).rejects.toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
