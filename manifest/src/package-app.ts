import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import { fill, readEnvFiles, type EnvVars } from './fill';
import { findManifestDir } from './paths';
import { decodePng, readPngHeader } from './png';
import { validateManifest } from './validate';

/**
 * Builds manifest/build/appPackage.<env>.zip: manifest.json (filled from the
 * env files) and the two icons. Refuses to build a package Teams would reject.
 */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message}\n  ${problems.join('\n  ')}` : message);
    this.name = 'PackageError';
  }
}

const ICON_RULES = { color: 192, outline: 32 } as const;

/** Icon problems Teams reports on upload: wrong size, or an outline icon that is not white on transparent. */
export function iconProblems(kind: keyof typeof ICON_RULES, file: string, png: Buffer): string[] {
  const size = ICON_RULES[kind];
  let header;
  try {
    header = readPngHeader(png);
  } catch (error) {
    return [`icons.${kind} (${file}): ${(error as Error).message}`];
  }
  if (header.width !== size || header.height !== size) {
    return [
      `icons.${kind} (${file}): must be ${size}x${size} pixels, is ${header.width}x${header.height}`,
    ];
  }
  if (kind === 'outline') {
    if (header.colourType !== 6 && header.colourType !== 4) {
      return [
        `icons.outline (${file}): must be white on a transparent background, but it has no alpha channel`,
      ];
    }
    if (header.colourType === 6 && header.bitDepth === 8 && !header.interlaced) {
      const { pixels } = decodePng(png);
      for (let i = 0; i < pixels.length; i += 4) {
        const visible = (pixels[i + 3] as number) > 0;
        if (visible && (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255)) {
          return [
            `icons.outline (${file}): must be white on a transparent background, but has coloured pixels`,
          ];
        }
      }
    }
  }
  return [];
}

export interface PackageOptions {
  envName: string;
  /** Repository root (holds env/). Defaults to the parent of manifestDir. */
  rootDir?: string;
  manifestDir?: string;
  /** Values that win over the env files (the CLI passes process.env). */
  overrides?: EnvVars;
  outFile?: string;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  entries: string[];
}

export async function buildAppPackage(options: PackageOptions): Promise<PackageResult> {
  const manifestDir = options.manifestDir ?? findManifestDir();
  const rootDir = options.rootDir ?? dirname(manifestDir);
  const appPackageDir = join(manifestDir, 'appPackage');
  const vars = {
    ...readEnvFiles(rootDir, options.envName),
    ...definedOnly(options.overrides ?? {}),
  };
  const filled = fill(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8'), vars);
  const manifest = JSON.parse(filled) as Record<string, unknown>;

  const result = await validateManifest(manifest);
  const problems = [...result.errors];
  const icons = (manifest.icons ?? {}) as Partial<Record<keyof typeof ICON_RULES, string>>;
  const files: [string, Buffer][] = [];
  for (const kind of Object.keys(ICON_RULES) as (keyof typeof ICON_RULES)[]) {
    const file = icons[kind];
    if (!file) continue; // the schema check has already named it
    const path = resolve(appPackageDir, file);
    if (relative(appPackageDir, path).startsWith('..') || !existsSync(path)) {
      problems.push(`icons.${kind}: no file "${file}" in manifest/appPackage`);
      continue;
    }
    const png = readFileSync(path);
    problems.push(...iconProblems(kind, file, png));
    files.push([file, png]);
  }
  if (problems.length > 0) {
    throw new PackageError(
      `not building the ${options.envName} app package: the manifest is not valid (schema ${result.schema ?? 'unknown'})`,
      problems,
    );
  }

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const [name, data] of files) zip.addFile(name, data);
  const zipPath =
    options.outFile ?? join(manifestDir, 'build', `appPackage.${options.envName}.zip`);
  mkdirSync(dirname(zipPath), { recursive: true });
  zip.writeZip(zipPath);
  return { zipPath, manifest, entries: zip.getEntries().map((entry) => entry.entryName) };
}

function definedOnly(vars: EnvVars): EnvVars {
  return Object.fromEntries(
    Object.entries(vars).filter(([, value]) => value !== undefined && value !== ''),
  );
}

/**
 * `--env local|dev` or `--env=dev`. From the root, `npm run package:app -- --env dev`
 * reaches us as a bare `dev` (npm takes `--env` as its own option), and
 * `npm run package:app --env=dev` as npm_config_env: accept both.
 */
export function envNameFrom(argv: readonly string[], env: EnvVars): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--env') return argv[i + 1];
    if (arg.startsWith('--env=')) return arg.slice('--env='.length);
  }
  const bare = argv.find((arg) => !arg.startsWith('-'));
  if (bare) return bare;
  const fromNpm = env.npm_config_env;
  return fromNpm && fromNpm !== 'true' ? fromNpm : undefined;
}

async function main(): Promise<void> {
  const envName = envNameFrom(process.argv.slice(2), process.env);
  if (!envName) {
    console.error('usage: npm run package -w manifest -- --env <local|dev>');
    process.exitCode = 2;
    return;
  }
  try {
    // Teams Toolkit semantics: real environment variables win over env files.
    const { zipPath, entries } = await buildAppPackage({ envName, overrides: process.env });
    console.log(`built ${relative(process.cwd(), zipPath)} (${entries.join(', ')})`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
