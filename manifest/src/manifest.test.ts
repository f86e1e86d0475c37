import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { ACTIVITY_TYPES } from '@pathways/core';
import { fill, FillError, placeholdersIn, readEnvFiles, type EnvVars } from './fill';
import { iconFiles, renderOutlineIcon } from './icons';
import { buildAppPackage, envNameFrom, iconProblems, PackageError } from './package-app';
import { findManifestDir } from './paths';
import { decodePng, encodePng } from './png';
import { SCHEMA_VERSION, validateManifest } from './validate';

const manifestDir = findManifestDir(__dirname);
const rootDir = join(manifestDir, '..');
const template = readFileSync(join(manifestDir, 'appPackage', 'manifest.json'), 'utf8');

// What provisioning writes into env/.env.local when a developer connects a real
// tenant (env/.env.local alone leaves them empty: the local run uses the sandbox), and
// the HTTPS address (a tunnel or local TLS) that Teams and Outlook load the pages from.
const tenantIds: EnvVars = {
  TAB_ENDPOINT: 'https://127.0.0.1:3978',
  BOT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890',
  AAD_APP_CLIENT_ID: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
};

type Json = Record<string, unknown>;

function localManifest(): Json {
  return JSON.parse(fill(template, { ...readEnvFiles(rootDir, 'local'), ...tenantIds })) as Json;
}

async function errorsOf(manifest: unknown): Promise<string[]> {
  const result = await validateManifest(manifest);
  expect(result.valid).toBe(result.errors.length === 0);
  return result.errors;
}

describe('manifest template', () => {
  it('when filled with env/.env.local plus the tenant ids provisioning writes, then it validates against the bundled schema', async () => {
    const result = await validateManifest(localManifest());
    expect(result).toEqual({ valid: true, schema: `v${SCHEMA_VERSION}`, errors: [] });
  });

  it('when validating, then the schema is read from @microsoft/app-manifest and nothing is fetched from the network', async () => {
    const fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockRejectedValue(new Error('no network in tests'));
    try {
      await expect(errorsOf(localManifest())).resolves.toEqual([]);
      await expect(errorsOf({ ...localManifest(), id: 'x' })).resolves.not.toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('when Pathways sends activity feed notifications, then the manifest declares exactly those types with the same templates', () => {
    const m = localManifest() as {
      activities: { activityTypes: { type: string; description: string; templateText: string }[] };
    };
    expect(m.activities.activityTypes).toEqual(
      Object.entries(ACTIVITY_TYPES).map(([type, t]) => ({ type, ...t })),
    );
  });

  it('when it declares the pieces Pathways needs, then the bot, message extension, tabs, SSO and Outlook add-in are all there', () => {
    const m = localManifest() as {
      bots: {
        scopes: string[];
        commandLists: { commands: { title: string; description: string }[] }[];
      }[];
      composeExtensions: { botId: string; commands: Json[] }[];
      configurableTabs: Json[];
      staticTabs: Json[];
      webApplicationInfo: Json;
      supportsChannelFeatures: string;
      extensions: { requirements: Json; runtimes: { code: { page: string } }[]; ribbons: Json[] }[];
    };
    const bot = m.bots[0]!;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toEqual([
      'help',
      'kloe',
      'consideration',
      'challenge',
    ]);
    expect(m.composeExtensions[0]!.botId).toBe(tenantIds.BOT_ID);
    expect(m.composeExtensions[0]!.commands[0]).toMatchObject({
      type: 'action',
      title: 'Raise as KLOE',
      context: ['message'],
      fetchTask: true,
    });
    // Agencies from different organisations meet in shared channels: the bot and tabs work there.
    expect(m.supportsChannelFeatures).toBe('tier1');
    expect(m.configurableTabs[0]).toMatchObject({
      configurationUrl: 'https://127.0.0.1:3978/tab/config.html',
      scopes: ['team'],
    });
    expect(m.staticTabs[0]).toMatchObject({
      name: 'My submissions',
      contentUrl: 'https://127.0.0.1:3978/tab/index.html#/personal',
    });
    expect(m.webApplicationInfo).toEqual({
      id: tenantIds.AAD_APP_CLIENT_ID,
      resource: `api://127.0.0.1/${tenantIds.AAD_APP_CLIENT_ID}`,
      // Teams prefetches the tab's nested app authentication token with the scope it asks for.
      nestedAppAuthInfo: [
        {
          redirectUri: 'brk-multihub://127.0.0.1',
          scopes: [`api://127.0.0.1/${tenantIds.AAD_APP_CLIENT_ID}/access_as_user`],
        },
      ],
    });
    expect(m.extensions[0]!.requirements).toMatchObject({
      // getAllInternetHeadersAsync, which recognises a briefing by its header, needs 1.8.
      capabilities: [{ name: 'Mailbox', minVersion: '1.8' }],
    });
    expect(m.extensions[0]!.runtimes[0]!.code.page).toBe(
      'https://127.0.0.1:3978/outlook/taskpane.html',
    );
    expect(JSON.stringify(m.extensions[0]!.ribbons)).toContain('"label":"Pathways"');
    expect(JSON.stringify(m.extensions[0]!.ribbons)).toContain('"contexts":["mailRead"]');
  });
});

describe('validation', () => {
  it('when the bot id is not a GUID, then validation fails naming bots[0].botId', async () => {
    const manifest = localManifest();
    (manifest.bots as Json[])[0]!.botId = 'pathways-bot';
    expect(await errorsOf(manifest)).toEqual([`bots[0].botId: must be a GUID, got "pathways-bot"`]);
  });

  it('when a required property is removed, then validation fails naming it', async () => {
    const manifest = localManifest();
    delete manifest.developer;
    expect(await errorsOf(manifest)).toEqual(['(root): required property "developer" is missing']);
  });

  it('when the pages are served over plain HTTP, then validation fails naming the Outlook add-in page (Outlook loads add-ins only over HTTPS)', async () => {
    const manifest = JSON.parse(
      fill(template, {
        ...readEnvFiles(rootDir, 'local'),
        ...tenantIds,
        TAB_ENDPOINT: 'http://127.0.0.1:3978',
      }),
    ) as Json;
    expect(await errorsOf(manifest)).toEqual([
      'extensions[0].runtimes[0].code.page: must match pattern "^[Hh][Tt][Tt][Pp][Ss]://", got "http://127.0.0.1:3978/outlook/taskpane.html"',
    ]);
  });

  it('when supportsChannelFeatures names a tier v1.30 does not define, then validation fails naming it', async () => {
    const manifest = { ...localManifest(), supportsChannelFeatures: 'tier2' };
    const errors = await errorsOf(manifest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^supportsChannelFeatures: /);
  });

  it('when an unknown property is added at the root, then validation fails naming it', async () => {
    const manifest = { ...localManifest(), safeguardingLead: 'someone' };
    expect(await errorsOf(manifest)).toEqual([
      '(root): unknown property "safeguardingLead" (not in the schema)',
    ]);
  });

  it('when a message extension command title is longer than 32 characters, then validation fails naming it and its length', async () => {
    const manifest = localManifest();
    const command = (manifest.composeExtensions as { commands: Json[] }[])[0]!.commands[0]!;
    command.title = 'Raise this message as a Key Line of Enquiry';
    const errors = await errorsOf(manifest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^composeExtensions\[0\]\.commands\[0\]\.title: must have no more than 32 characters \(it has 43/,
    );
  });

  it('when a bot command title is longer than the schema allows, then validation fails naming it', async () => {
    const manifest = localManifest();
    const commands = (manifest.bots as { commandLists: { commands: Json[] }[] }[])[0]!
      .commandLists[0]!.commands;
    commands[0]!.title = 'h'.repeat(129);
    expect(await errorsOf(manifest)).toEqual([
      expect.stringMatching(
        /^bots\[0\]\.commandLists\[0\]\.commands\[0\]\.title: must have no more than 128 characters/,
      ),
    ]);
  });

  it('when a tab is served from a domain missing from validDomains, then validation fails naming the tab', async () => {
    const manifest = localManifest();
    (manifest.configurableTabs as Json[])[0]!.configurationUrl =
      'https://elsewhere.example.org/config.html';
    expect(await errorsOf(manifest)).toEqual([
      'configurableTabs[0].configurationUrl: domain "elsewhere.example.org" is not listed in validDomains',
    ]);
  });

  it('when $schema names a version that is not bundled, then validation fails instead of downloading it', async () => {
    const manifest = {
      ...localManifest(),
      $schema:
        'https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json',
    };
    expect(await errorsOf(manifest)).toEqual([
      expect.stringContaining('schema v1.18 is not bundled'),
    ]);
  });
});

describe('fill', () => {
  it('when a placeholder has no value, then fill fails naming each missing variable', () => {
    let error: unknown;
    try {
      fill(template, {
        ...readEnvFiles(rootDir, 'local'),
        BOT_ID: '',
        AAD_APP_CLIENT_ID: undefined,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FillError);
    expect((error as FillError).missing).toEqual(['BOT_ID', 'AAD_APP_CLIENT_ID']);
    expect((error as FillError).message).toContain('values for BOT_ID, AAD_APP_CLIENT_ID');
  });

  it('when env/.env.local has no tenant (the sandbox run), then filling names the tenant ids provisioning must write', () => {
    expect(() => fill(template, readEnvFiles(rootDir, 'local'))).toThrow(
      /BOT_ID, AAD_APP_CLIENT_ID/,
    );
  });

  it('when every placeholder has a value, then none is left and values are JSON-escaped', () => {
    const vars = Object.fromEntries(placeholdersIn(template).map((name) => [name, `v"${name}`]));
    const filled = fill(template, vars);
    expect(filled).not.toMatch(/\$\{\{/);
    expect(JSON.parse(filled)).toMatchObject({ id: 'v"TEAMS_APP_ID' });
  });

  it('when the manifest is read, then it needs exactly these variables', () => {
    expect(placeholdersIn(template).sort()).toEqual(
      [
        'AAD_APP_CLIENT_ID',
        'APP_NAME_SUFFIX',
        'BOT_ID',
        'TAB_DOMAIN',
        'TAB_ENDPOINT',
        'TEAMS_APP_ID',
      ].sort(),
    );
  });

  it('when the environment name is not a plain name, then reading env files refuses it', () => {
    expect(() => readEnvFiles(rootDir, '../etc')).toThrow(FillError);
  });

  it('when env/.env.<env>.user exists, then its values win over env/.env.<env>', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathways-env-'));
    try {
      mkdirSync(join(dir, 'env'));
      writeFileSync(join(dir, 'env', '.env.test'), 'BOT_ID=from-env\nTAB_DOMAIN=a.example.org\n');
      writeFileSync(join(dir, 'env', '.env.test.user'), 'BOT_ID=from-user\n');
      expect(readEnvFiles(dir, 'test')).toEqual({
        BOT_ID: 'from-user',
        TAB_DOMAIN: 'a.example.org',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('app package', () => {
  let outDir: string;
  beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'pathways-pkg-'));
  });
  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  it('when built for local, then the zip holds manifest.json and both icons, and its manifest is filled', async () => {
    const outFile = join(outDir, 'appPackage.local.zip');
    const { zipPath } = await buildAppPackage({
      envName: 'local',
      rootDir,
      manifestDir,
      overrides: tenantIds,
      outFile,
    });
    const zip = new AdmZip(zipPath);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Json;
    expect(manifest.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(zip.readFile('color.png')).toEqual(
      readFileSync(join(manifestDir, 'appPackage', 'color.png')),
    );
  });

  it('when the manifest is not valid, then no package is built and the problems are named', async () => {
    const outFile = join(outDir, 'appPackage.local.zip');
    const build = buildAppPackage({
      envName: 'local',
      rootDir,
      manifestDir,
      overrides: { ...tenantIds, BOT_ID: 'not-a-guid' },
      outFile,
    });
    await expect(build).rejects.toThrow(PackageError);
    await expect(build).rejects.toThrow(/bots\[0\]\.botId: must be a GUID/);
    expect(() => readFileSync(outFile)).toThrow();
  });

  it('when an icon has the wrong size, then no package is built', async () => {
    const copy = join(outDir, 'manifest');
    cpSync(join(manifestDir, 'appPackage'), join(copy, 'appPackage'), { recursive: true });
    writeFileSync(join(copy, 'appPackage', 'outline.png'), encodePng(renderOutlineIcon(48)));
    await expect(
      buildAppPackage({ envName: 'local', rootDir, manifestDir: copy, overrides: tenantIds }),
    ).rejects.toThrow('icons.outline (outline.png): must be 32x32 pixels, is 48x48');
  });

  it('when --env is given either way, then the environment name is read from it', () => {
    expect(envNameFrom(['--env', 'dev'], {})).toBe('dev');
    expect(envNameFrom(['--env=local'], {})).toBe('local');
    expect(envNameFrom(['dev'], { npm_config_env: 'true' })).toBe('dev');
    expect(envNameFrom([], { npm_config_env: 'dev' })).toBe('dev');
    expect(envNameFrom([], {})).toBeUndefined();
  });
});

describe('icons', () => {
  it('when the committed icons are checked, then colour is 192x192 and outline is 32x32 white on transparent', () => {
    const dir = join(manifestDir, 'appPackage');
    expect(iconProblems('color', 'color.png', readFileSync(join(dir, 'color.png')))).toEqual([]);
    expect(iconProblems('outline', 'outline.png', readFileSync(join(dir, 'outline.png')))).toEqual(
      [],
    );
  });

  it('when the outline icon has coloured pixels, then it is rejected', () => {
    const icon = renderOutlineIcon(32);
    icon.pixels.set([200, 0, 0, 255], (16 * 32 + 16) * 4);
    expect(iconProblems('outline', 'outline.png', encodePng(icon))).toEqual([
      'icons.outline (outline.png): must be white on a transparent background, but has coloured pixels',
    ]);
  });

  it('when the icons are regenerated, then they match the committed files pixel for pixel', () => {
    const files = iconFiles();
    for (const name of ['color.png', 'outline.png']) {
      const committed = decodePng(readFileSync(join(manifestDir, 'appPackage', name)));
      expect(decodePng(files[`appPackage/${name}`]!)).toEqual(committed);
    }
  });
});
