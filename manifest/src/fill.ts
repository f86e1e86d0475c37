import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

/**
 * Teams Toolkit convention: the manifest template holds `${{NAME}}`
 * placeholders; env/.env.<env> holds their values (placeholders and ids that
 * provisioning writes) and the git-ignored env/.env.<env>.user holds secrets.
 */
export type EnvVars = Record<string, string | undefined>;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ENV_NAME = /^[a-z0-9][a-z0-9-]*$/;

export class FillError extends Error {
  constructor(
    message: string,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
    this.name = 'FillError';
  }
}

/** Reads env/.env.<envName> then env/.env.<envName>.user (the latter wins). */
export function readEnvFiles(rootDir: string, envName: string): EnvVars {
  if (!ENV_NAME.test(envName)) {
    throw new FillError(`"${envName}" is not an environment name (use e.g. local or dev)`);
  }
  const main = join(rootDir, 'env', `.env.${envName}`);
  if (!existsSync(main)) {
    throw new FillError(`no environment file ${join('env', `.env.${envName}`)} in ${rootDir}`);
  }
  const vars: EnvVars = { ...parse(readFileSync(main)) };
  const user = `${main}.user`;
  if (existsSync(user)) Object.assign(vars, parse(readFileSync(user)));
  return vars;
}

/** The distinct placeholder names in a template, in order of first use. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/**
 * Replaces every `${{NAME}}` with its value. A variable that is absent or
 * empty is missing: filling fails and names every missing variable at once.
 * Values are escaped for a JSON string, since placeholders sit inside strings.
 */
export function fill(template: string, vars: EnvVars): string {
  const missing = placeholdersIn(template).filter((name) => !vars[name]?.trim());
  if (missing.length > 0) {
    throw new FillError(
      `the manifest needs ${missing.length === 1 ? 'a value' : 'values'} for ${missing.join(', ')}: ` +
        `set ${missing.length === 1 ? 'it' : 'them'} in env/.env.<env> (or env/.env.<env>.user), ` +
        'or run provisioning, which writes them',
      missing,
    );
  }
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    JSON.stringify((vars[name] as string).trim()).slice(1, -1),
  );
}
