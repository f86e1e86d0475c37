import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeSettings, loadConfig } from './config';

const tenant = {
  TEAMS_APP_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  BOT_ID: '22222222-2222-4222-8222-222222222222',
  BOT_PASSWORD: 'placeholder-secret',
  AAD_APP_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
  BUSINESS_UNIT_CHANNEL_ID: '19:abc@thread.tacv2',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('when nothing is set, then it runs locally on PGlite against the sandbox tenant', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, m365: 'sandbox', store: 'pglite' });
    expect(config.publicUrl).toBe('http://127.0.0.1:3978');
  });

  it('when PORT is not a number, then the message names PORT and the value given', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: .*whole number.*"abc"/);
  });

  it('when DATABASE_URL is set, then the store is postgres', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).store).toBe(
      'postgres',
    );
  });

  it('when DATABASE_URL is not a PostgreSQL URL, then the message names DATABASE_URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL: /);
  });

  it('when every tenant setting is given, then it talks to Microsoft 365', () => {
    expect(loadConfig(tenant).m365).toBe('tenant');
  });

  it('when only part of a tenant is given, then each missing setting is named', () => {
    const problems = problemsOf({ BOT_ID: tenant.BOT_ID });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['AAD_APP_CLIENT_ID', 'BOT_PASSWORD', 'TEAMS_APP_TENANT_ID'].sort(),
    );
  });

  it('when a tenant has no Business Unit channel, then the message says it is needed', () => {
    const { BUSINESS_UNIT_CHANNEL_ID: _omitted, ...rest } = tenant;
    expect(problemsOf(rest)[0]).toMatch(/^BUSINESS_UNIT_CHANNEL_ID: required/);
  });

  it('when a tenant id is not a GUID, then the message says so', () => {
    expect(problemsOf({ ...tenant, TEAMS_APP_TENANT_ID: 'contoso' })[0]).toMatch(
      /^TEAMS_APP_TENANT_ID: must be a GUID/,
    );
  });

  it('when ROLE_GROUPS pairs roles with group ids, then each pair is read (a role may repeat)', () => {
    const g1 = '44444444-4444-4444-8444-444444444444';
    const g2 = '55555555-5555-4555-8555-555555555555';
    expect(
      loadConfig({ ROLE_GROUPS: ` BusinessUnit=${g1}, EngineRoom=${g2},EngineRoom=${g1} ` })
        .ROLE_GROUPS,
    ).toEqual([
      { role: 'BusinessUnit', groupId: g1 },
      { role: 'EngineRoom', groupId: g2 },
      { role: 'EngineRoom', groupId: g1 },
    ]);
    expect(loadConfig({ ROLE_GROUPS: '' }).ROLE_GROUPS).toEqual([]);
  });

  it('when ROLE_GROUPS names an unknown role or a group that is not a GUID, then the message says how to write it', () => {
    expect(problemsOf({ ROLE_GROUPS: 'Manager=44444444-4444-4444-8444-444444444444' })[0]).toMatch(
      /^ROLE_GROUPS.*Role=<group id>.*BusinessUnit, EngineRoom/,
    );
    expect(problemsOf({ ROLE_GROUPS: 'BusinessUnit=team-a' })[0]).toMatch(/^ROLE_GROUPS/);
  });

  it('when partner tenants are allowed, then each must be a tenant id', () => {
    expect(
      loadConfig({ ALLOWED_TENANT_IDS: ` ${tenant.TEAMS_APP_TENANT_ID}, ${tenant.BOT_ID} ` })
        .ALLOWED_TENANT_IDS,
    ).toEqual([tenant.TEAMS_APP_TENANT_ID, tenant.BOT_ID]);
    expect(loadConfig({}).ALLOWED_TENANT_IDS).toEqual([]);
    expect(problemsOf({ ALLOWED_TENANT_IDS: 'contoso.onmicrosoft.com' })[0]).toMatch(
      /^ALLOWED_TENANT_IDS.*GUID/,
    );
  });

  it('when NODE_ENV is production without a tenant, then it refuses to start and names the bot and tenant settings', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['BOT_ID', 'TEAMS_APP_TENANT_ID']),
    );
    expect(problems[0]).toMatch(/required in production/);
  });

  it('when NODE_ENV is production with a tenant, then it starts in production mode', () => {
    expect(
      loadConfig({ ...tenant, NODE_ENV: 'production', AUDIT_SIGNING_KEY: 'from-key-vault' }),
    ).toMatchObject({
      production: true,
      m365: 'tenant',
    });
    expect(loadConfig({}).production).toBe(false);
  });

  it('when NODE_ENV is production without an audit signing key, then it refuses to start and says where the key comes from', () => {
    expect(problemsOf({ ...tenant, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^AUDIT_SIGNING_KEY: required in production .*Key Vault/),
    ]);
  });

  it('when PARTNERSHIPS is unset, then PARTNERSHIP alone is served', () => {
    expect(loadConfig({}).partnerships).toEqual(['hsscp']);
    expect(loadConfig({ PARTNERSHIP: 'stockport' }).partnerships).toEqual(['stockport']);
  });

  it('when PARTNERSHIPS names several, then the first is the default unless PARTNERSHIP names another of them', () => {
    const several = loadConfig({ PARTNERSHIPS: 'stockport, hsscp' });
    expect(several.partnerships).toEqual(['stockport', 'hsscp']);
    expect(several.PARTNERSHIP).toBe('stockport');
    const chosen = loadConfig({ PARTNERSHIPS: 'stockport,hsscp', PARTNERSHIP: 'hsscp' });
    expect(chosen.partnerships).toEqual(['hsscp', 'stockport']);
  });

  it('when PARTNERSHIPS names an unknown partnership, one twice, or leaves out PARTNERSHIP, then the message says which', () => {
    expect(() => loadConfig({ PARTNERSHIPS: 'hsscp,atlantis' })).toThrow(
      'PARTNERSHIPS: there is no partnership "atlantis" (known: hsscp, stockport',
    );
    expect(() => loadConfig({ PARTNERSHIPS: 'hsscp,hsscp' })).toThrow(
      'PARTNERSHIPS: hsscp named more than once',
    );
    expect(() => loadConfig({ PARTNERSHIPS: 'hsscp', PARTNERSHIP: 'stockport' })).toThrow(
      'PARTNERSHIP: "stockport" is the default partnership, so it must be one of PARTNERSHIPS (hsscp)',
    );
    expect(() => loadConfig({ PARTNERSHIPS: 'Not An Id' })).toThrow(
      'PARTNERSHIPS.0: each must be a partnership id',
    );
  });

  it('when a setting exists, then the README documents it', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const undocumented = describeSettings()
      .map((s) => s.name)
      .filter((name) => !readme.includes(`| \`${name}\``));
    expect(undocumented).toEqual([]);
  });
});
