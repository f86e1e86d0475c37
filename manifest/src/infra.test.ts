import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { placeholdersIn } from './fill';
import { findManifestDir } from './paths';

// Bicep and Teams Toolkit are not installed here, so these checks read the
// deployment files as text: every placeholder has a source, and the Bicep
// parameters, the parameters file and the outputs the toolkit needs agree.
const root = join(findManifestDir(__dirname), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const bicep = read('infra/azure.bicep');
const teamsappYml = read('teamsapp.yml');
const parametersJson = read('infra/azure.parameters.json');
const parameters = (JSON.parse(parametersJson) as { parameters: Record<string, unknown> })
  .parameters;

const bicepParams = [...bicep.matchAll(/^param (\w+) \w+(.*)$/gm)].map((m) => ({
  name: m[1] as string,
  hasDefault: (m[2] as string).includes('='),
}));
const bicepOutputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1] as string);

/** Every variable some step makes available: env/.env.dev, writeToEnvironmentFile, script, arm/deploy outputs. */
function providedVariables(): Set<string> {
  const names = new Set(Object.keys(parse(read('env/.env.dev'))));
  for (const m of teamsappYml.matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]*)\s*$/gm))
    names.add(m[1] as string);
  for (const m of teamsappYml.matchAll(/ensure-secret\.mjs((?: SECRET_\w+)+)/g)) {
    for (const name of (m[1] as string).trim().split(' ')) names.add(name);
  }
  for (const output of bicepOutputs) names.add(output);
  return names;
}

describe('deployment files', () => {
  it('when Teams Toolkit fills teamsapp.yml, the parameters, the Entra and app manifests for dev, then every placeholder has a source', () => {
    const provided = providedVariables();
    const files = [
      'teamsapp.yml',
      'infra/azure.parameters.json',
      'infra/aad.manifest.json',
      'manifest/appPackage/manifest.json',
    ];
    const unresolved = files.flatMap((file) =>
      placeholdersIn(read(file))
        .filter((name) => !provided.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('when the parameters file is read, then it sets only parameters azure.bicep declares, and every one without a default', () => {
    const declared = bicepParams.map((p) => p.name);
    expect(Object.keys(parameters).filter((name) => !declared.includes(name))).toEqual([]);
    const required = bicepParams.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((name) => !(name in parameters))).toEqual([]);
  });

  it('when provisioning finishes, then the outputs the manifest and deploy steps need are declared', () => {
    expect(bicepOutputs).toEqual(
      expect.arrayContaining([
        'TAB_ENDPOINT',
        'TAB_DOMAIN',
        'BOT_DOMAIN',
        'BOT_ENDPOINT',
        'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
      ]),
    );
  });

  it('when the web app reads a secret, then it is a Key Vault reference and never a plain value', () => {
    for (const name of [
      'DATABASE_URL',
      'DATABASE_MIGRATION_URL',
      'BOT_PASSWORD',
      'AAD_APP_CLIENT_SECRET',
    ]) {
      expect(bicep).toMatch(new RegExp(`^\\s+${name}: '@Microsoft\\.KeyVault\\(`, 'm'));
    }
    // Secrets only arrive through @secure() parameters.
    for (const name of [
      'botAadAppClientSecret',
      'aadAppClientSecret',
      'postgresAdminPassword',
      'postgresAppPassword',
    ]) {
      expect(bicep).toMatch(
        new RegExp(`@secure\\(\\)\\n(@description\\(.*\\)\\n)?param ${name} string`),
      );
    }
  });

  it('when the service connects, then it is as the pathways_app login and only migrations use the administrator', () => {
    expect(bicep).toMatch(
      /name: 'database-url'\n\s+properties: \{\n\s+value: 'postgresql:\/\/\$\{postgresAppLogin\}/,
    );
    expect(bicep).toMatch(
      /name: 'database-migration-url'\n\s+properties: \{\n\s+value: 'postgresql:\/\/\$\{postgresAdminLogin\}/,
    );
  });

  it('when the Entra app manifest is read, then it exposes access_as_user and the five Pathways roles', () => {
    const aad = JSON.parse(read('infra/aad.manifest.json')) as {
      oauth2Permissions: { value: string; id: string }[];
      preAuthorizedApplications: { permissionIds: string[] }[];
      appRoles: { value: string; id: string }[];
      identifierUris: string[];
    };
    expect(aad.oauth2Permissions.map((p) => p.value)).toEqual(['access_as_user']);
    const scopeId = aad.oauth2Permissions[0]!.id;
    expect(aad.preAuthorizedApplications.every((a) => a.permissionIds.includes(scopeId))).toBe(
      true,
    );
    expect(aad.appRoles.map((r) => r.value)).toEqual([
      'Practitioner',
      'BusinessUnit',
      'EngineRoom',
      'DevelopmentManager',
      'AgencyLead',
    ]);
    expect(new Set(aad.appRoles.map((r) => r.id)).size).toBe(5);
    // The manifest's webApplicationInfo.resource must be this app's identifier URI.
    const manifest = JSON.parse(read('manifest/appPackage/manifest.json')) as {
      webApplicationInfo: { resource: string };
    };
    expect(aad.identifierUris).toEqual([manifest.webApplicationInfo.resource]);
  });
});
