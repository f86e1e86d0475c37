import { partnershipIds } from '@pathways/core';
import { z } from 'zod';
import { configSchema } from './config-schema';

export type RawConfig = z.infer<typeof configSchema>;

export type M365Mode = 'sandbox' | 'tenant';

export interface Config extends RawConfig {
  /** Every partnership served, the default (PARTNERSHIP) first; no id twice, each one known. */
  partnerships: [string, ...string[]];
  publicUrl: string;
  m365: M365Mode;
  store: 'pglite' | 'postgres';
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Pathways cannot start: the configuration is not valid.\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const tenantSettings = [
  'TEAMS_APP_TENANT_ID',
  'BOT_ID',
  'BOT_PASSWORD',
  'AAD_APP_CLIENT_ID',
] as const;

/** Validates the environment; throws ConfigError naming every bad setting. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = env[name];
        return `${name}: ${issue.message}${given === undefined ? '' : ` (given "${given}")`}`;
      }),
    );
  }
  const raw = parsed.data;
  if (raw.DATABASE_MIGRATION_URL && !raw.DATABASE_URL) {
    throw new ConfigError([
      'DATABASE_MIGRATION_URL: only used with DATABASE_URL (a PostgreSQL server); PGlite migrates itself',
    ]);
  }
  // A tenant is all or nothing: half a tenant would silently mix sandbox and Microsoft 365.
  const given = tenantSettings.filter((name) => raw[name] !== undefined);
  if (given.length > 0 && given.length < tenantSettings.length) {
    const missing = tenantSettings.filter((name) => raw[name] === undefined);
    throw new ConfigError(
      missing.map(
        (name) =>
          `${name}: required when a Microsoft 365 tenant is configured (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set)`,
      ),
    );
  }
  if (raw.NODE_ENV === 'production' && given.length === 0) {
    // Without an app id the bot endpoint would take unsigned requests.
    throw new ConfigError(
      tenantSettings.map(
        (name) =>
          `${name}: required in production (NODE_ENV=production); without a tenant /api/messages would accept unsigned requests`,
      ),
    );
  }
  if (raw.NODE_ENV === 'production' && !raw.AUDIT_SIGNING_KEY && !raw.AUDIT_SIGNING_KEY_FILE) {
    // A key made on the server's disk could be read with the database's own backups.
    throw new ConfigError([
      'AUDIT_SIGNING_KEY: required in production (NODE_ENV=production), from Key Vault, so the audit trail’s head is signed with a key the database never holds',
    ]);
  }
  if (given.length > 0 && !raw.BUSINESS_UNIT_CHANNEL_ID) {
    throw new ConfigError([
      'BUSINESS_UNIT_CHANNEL_ID: required when a Microsoft 365 tenant is configured (where should submissions go?)',
    ]);
  }
  const partnerships = servedPartnerships(raw, env.PARTNERSHIP !== undefined);
  return {
    ...raw,
    PARTNERSHIP: partnerships[0],
    partnerships,
    publicUrl: (
      raw.PUBLIC_URL ?? `http://${raw.HOST === '0.0.0.0' ? '127.0.0.1' : raw.HOST}:${raw.PORT}`
    ).replace(/\/$/, ''),
    m365: given.length === 0 ? 'sandbox' : 'tenant',
    store: raw.DATABASE_URL ? 'postgres' : 'pglite',
    production: raw.NODE_ENV === 'production',
  };
}

/** PARTNERSHIPS with PARTNERSHIP first (when it was given) or the first named as the default. */
function servedPartnerships(raw: RawConfig, partnershipGiven: boolean): [string, ...string[]] {
  const named = raw.PARTNERSHIPS ?? [raw.PARTNERSHIP];
  const known = partnershipIds();
  const problems: string[] = [];
  for (const id of new Set(named))
    if (!known.includes(id))
      problems.push(
        `${raw.PARTNERSHIPS ? 'PARTNERSHIPS' : 'PARTNERSHIP'}: there is no partnership "${id}" (known: ${known.join(', ')})`,
      );
  const twice = named.filter((id, i) => named.indexOf(id) !== i);
  if (twice.length > 0)
    problems.push(`PARTNERSHIPS: ${[...new Set(twice)].join(', ')} named more than once`);
  if (raw.PARTNERSHIPS && partnershipGiven && !raw.PARTNERSHIPS.includes(raw.PARTNERSHIP))
    problems.push(
      `PARTNERSHIP: "${raw.PARTNERSHIP}" is the default partnership, so it must be one of PARTNERSHIPS (${raw.PARTNERSHIPS.join(', ')})`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const first = raw.PARTNERSHIPS && !partnershipGiven ? named[0]! : raw.PARTNERSHIP;
  return [first, ...named.filter((id) => id !== first)];
}

/** Setting names with their documentation, for the README table and its test. */
export function describeSettings(): { name: string; description: string }[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
  }));
}
