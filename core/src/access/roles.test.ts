import { rolesFromClaims, type RoleGroup } from './roles';

const groups: RoleGroup[] = [
  { role: 'BusinessUnit', groupId: 'AAAAAAAA-0000-4000-8000-000000000001' },
  { role: 'EngineRoom', groupId: 'aaaaaaaa-0000-4000-8000-000000000002' },
  { role: 'EngineRoom', groupId: 'aaaaaaaa-0000-4000-8000-000000000003' },
];

describe('a caller’s roles from their token', () => {
  it('when the token carries Pathways app roles, then those are the roles', () => {
    expect(rolesFromClaims({ roles: ['EngineRoom', 'Practitioner'] })).toEqual([
      'Practitioner',
      'EngineRoom',
    ]);
  });

  it('when the token carries values that are not Pathways roles, then they are dropped', () => {
    expect(rolesFromClaims({ roles: ['Global Administrator', 'businessunit', 42] })).toEqual([]);
    expect(rolesFromClaims({ roles: 'BusinessUnit' })).toEqual([]);
  });

  it('when the token carries a configured group, then its role is added (ids compared without case)', () => {
    expect(
      rolesFromClaims(
        {
          roles: ['Practitioner'],
          groups: ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000003'],
        },
        groups,
      ),
    ).toEqual(['Practitioner', 'BusinessUnit', 'EngineRoom']);
  });

  it('when the token carries only unmapped groups, then it gives no roles', () => {
    expect(rolesFromClaims({ groups: ['bbbbbbbb-0000-4000-8000-000000000001'] }, groups)).toEqual(
      [],
    );
  });
});
