/**
 * `npm run audit:verify [partnership]`: checks a partnership's audit chain (the deployment's by default) and prints
 * the first broken link, then the signed heads (bot/src/audit/audit-signing.ts)
 * with the same signing key as the service: a history the database's owner
 * rewrote, hashes and all, no longer matches what was signed. Exit code 0 when
 * intact, 1 when broken, 2 when it could not check. Reads the same settings as the service (DATABASE_URL, or
 * PGlite in DATA_DIR: stop the local service first, PGlite is single-process).
 */
import { resolve } from 'node:path';
import { loadPartnership } from '@pathways/core';
import { loadConfig } from './platform/config/config';
import { readEnvFiles } from './platform/config/env-files';
import { openDatabase } from './platform/db/database';
import { describeChainReport, verifyAuditChain } from './platform/audit/audit-chain';
import {
  configuredAuditSigner,
  describeSignatureReport,
  verifyAuditSignatures,
} from './platform/audit/audit-signing';

const rootDir = resolve(process.env.PATHWAYS_ROOT ?? resolve(__dirname, '../..'));

async function main(): Promise<number> {
  const config = loadConfig(readEnvFiles(rootDir, process.env.TEAMSFX_ENV ?? 'local', process.env));
  const opened = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(rootDir, config.DATA_DIR),
  });
  try {
    // Row-level security shows one partnership's trail at a time (migration 0021):
    // the one named, else the deployment's.
    const partnershipId = process.argv[2] ?? loadPartnership(config.PARTNERSHIP).id;
    const database = opened.forPartnership({ partnershipId });
    const only = { partnershipId };
    const report = await verifyAuditChain(database.db, only);
    console.log(describeChainReport(report));
    // Only the public half is used; a key file is never made here.
    const signer = configuredAuditSigner(
      { ...config, production: true },
      resolve(rootDir, config.DATA_DIR),
    );
    const signatures = await verifyAuditSignatures(database.db, signer.publicKey, only);
    console.log(describeSignatureReport(signatures, signer.keyId));
    return report.ok && signatures.ok ? 0 : 1;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      'The audit chain could not be checked:',
      error instanceof Error ? error.message : error,
    );
    process.exit(2);
  },
);
