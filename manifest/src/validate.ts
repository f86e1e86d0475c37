import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Validates a filled manifest against the JSON schema that
 * @microsoft/app-manifest bundles, never over the network. The package's
 * `ManifestUtil.validateManifest` downloads the schema named by `$schema`, and
 * importing the package at all pulls in an ES-module-only dependency
 * (strip-bom) that Jest cannot load. So we do what its
 * `validateAgainstSchema(manifest, schema)` does, with the same pieces: load
 * the bundled schema file, clean it the same way, and compile it with the
 * package's own ajv (ajv-draft-04 + ajv-formats, allErrors, strictTypes off).
 */
export const SCHEMA_VERSION = '1.30';

const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/(v[A-Za-z0-9.]+)\/MicrosoftTeams\.schema\.json$/;
const GUID_PATTERN = '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$';

export interface ValidationResult {
  valid: boolean;
  /** The schema version the manifest was checked against, e.g. "v1.30". */
  schema: string | undefined;
  /** One readable line per problem, naming where it is. */
  errors: string[];
}

const packageJson = require.resolve('@microsoft/app-manifest/package.json');
const schemaRoot = join(dirname(packageJson), 'build', 'json-schemas', 'teams');

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
type Compiled = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface Ajv {
  compile(schema: object): Compiled;
}

/** The ajv the package validates with, resolved from the package itself. */
function packageAjv(): Ajv {
  const fromPackage = createRequire(packageJson);
  const AjvDraft04 = (fromPackage('ajv-draft-04') as { default: new (options: object) => Ajv })
    .default;
  const addFormats = (
    fromPackage('ajv-formats') as { default: (ajv: Ajv, formats: string[]) => Ajv }
  ).default;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv;
}

/** Bundled schema versions, e.g. ["v1.0", ..., "vDevPreview"]. */
export function bundledSchemaPath(version: string): string {
  return join(schemaRoot, version, 'MicrosoftTeams.schema.json');
}

const validators = new Map<string, Compiled>();

function bundledValidator(version: string): Compiled {
  const cached = validators.get(version);
  if (cached) return cached;
  // Same clean-up the package applies: some published patterns use \a and \v,
  // which are not valid JSON escapes.
  const raw = readFileSync(bundledSchemaPath(version), 'utf8')
    .replace(/\\a/g, '\\u0007')
    .replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(raw) as { $schema?: string };
  if (!schema.$schema?.includes('draft-04')) {
    throw new Error(
      `bundled schema ${version} is not draft-04 (${schema.$schema}); validate.ts must be taught its dialect`,
    );
  }
  const validate = packageAjv().compile(schema);
  validators.set(version, validate);
  return validate;
}

/** "/bots/0/botId" -> "bots[0].botId"; "" -> "(root)". */
function where(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One ajv error in plain English, naming where it is and what was found. */
function readable(error: AjvError, manifest: unknown): string {
  const { instancePath, params } = error;
  const message = error.message ?? error.keyword;
  const at = where(instancePath);
  const value = valueAt(manifest, instancePath);
  if (typeof params.additionalProperty === 'string') {
    return `${at}: unknown property "${params.additionalProperty}" (not in the schema)`;
  }
  if (typeof params.missingProperty === 'string') {
    return `${at}: required property "${params.missingProperty}" is missing`;
  }
  if (params.pattern === GUID_PATTERN) return `${at}: must be a GUID, got ${shown(value)}`;
  if (error.keyword === 'maxLength' && typeof value === 'string') {
    return `${at}: must have no more than ${String(params.limit)} characters (it has ${value.length}: ${shown(value)})`;
  }
  if (Array.isArray(params.allowedValues)) {
    return `${at}: must be one of ${params.allowedValues.map((v) => shown(v)).join(', ')}, got ${shown(value)}`;
  }
  if ('allowedValue' in params) {
    return `${at}: must be ${shown(params.allowedValue)}, got ${shown(value)}`;
  }
  return value === undefined || typeof value === 'object'
    ? `${at}: ${message}`
    : `${at}: ${message}, got ${shown(value)}`;
}

function urlOf(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A validDomains entry may carry a port ("localhost:53000") or a wildcard ("*.example.org"). */
function domainAllowed(url: URL, validDomains: string[]): boolean {
  return validDomains.some((domain) =>
    domain.startsWith('*.')
      ? url.hostname.endsWith(domain.slice(1))
      : domain === url.host || domain === url.hostname,
  );
}

/** Rules Teams enforces on upload that the JSON schema cannot express. */
function crossFieldProblems(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const validDomains = Array.isArray(manifest.validDomains)
    ? (manifest.validDomains as string[])
    : [];
  const pages: [string, unknown][] = [];
  (manifest.staticTabs as Record<string, unknown>[] | undefined)?.forEach((tab, i) => {
    pages.push([`staticTabs[${i}].contentUrl`, tab.contentUrl]);
    pages.push([`staticTabs[${i}].websiteUrl`, tab.websiteUrl]);
  });
  (manifest.configurableTabs as Record<string, unknown>[] | undefined)?.forEach((tab, i) => {
    pages.push([`configurableTabs[${i}].configurationUrl`, tab.configurationUrl]);
  });
  (manifest.extensions as { runtimes?: { code?: { page?: unknown } }[] }[] | undefined)?.forEach(
    (extension, e) =>
      extension.runtimes?.forEach((runtime, r) => {
        pages.push([`extensions[${e}].runtimes[${r}].code.page`, runtime.code?.page]);
      }),
  );
  for (const [at, value] of pages) {
    const url = urlOf(value);
    if (url && !domainAllowed(url, validDomains)) {
      problems.push(`${at}: domain "${url.host}" is not listed in validDomains`);
    }
  }
  return problems;
}

/** Validates a manifest object (already filled) against its bundled schema. */
export async function validateManifest(manifest: unknown): Promise<ValidationResult> {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    return {
      valid: false,
      schema: undefined,
      errors: ['(root): the manifest must be a JSON object'],
    };
  }
  const record = manifest as Record<string, unknown>;
  const url = record.$schema;
  const match = typeof url === 'string' ? SCHEMA_URL.exec(url) : null;
  if (!match) {
    return {
      valid: false,
      schema: undefined,
      errors: [
        `$schema: must be a Microsoft Teams schema URL such as https://developer.microsoft.com/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.schema.json, got ${shown(url)}`,
      ],
    };
  }
  const version = match[1] as string;
  if (!existsSync(bundledSchemaPath(version))) {
    return {
      valid: false,
      schema: version,
      errors: [
        `$schema: schema ${version} is not bundled with @microsoft/app-manifest and will not be fetched from the network; use v${SCHEMA_VERSION}`,
      ],
    };
  }
  const validate = bundledValidator(version);
  // Validate what would be written to disk (no undefined-valued keys).
  const data = JSON.parse(JSON.stringify(manifest)) as unknown;
  validate(data);
  const schemaErrors = (validate.errors ?? []).map((error) => readable(error, data));
  const errors = [...new Set([...schemaErrors, ...crossFieldProblems(record)])];
  return { valid: errors.length === 0, schema: version, errors };
}
