import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

/**
 * Teams Toolkit convention: env/.env.<name> holds placeholders, and the
 * git-ignored env/.env.<name>.user holds secrets. Real environment variables
 * win over both, so App Service settings and CI always take precedence.
 */
export function readEnvFiles(
  rootDir: string,
  envName: string,
  processEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const fromFiles: Record<string, string> = {};
  for (const file of [`.env.${envName}`, `.env.${envName}.user`]) {
    const path = join(rootDir, 'env', file);
    if (existsSync(path)) Object.assign(fromFiles, parse(readFileSync(path)));
  }
  return { ...fromFiles, ...processEnv };
}
