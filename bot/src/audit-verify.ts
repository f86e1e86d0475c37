/**
 * `npm run audit:verify`: checks every partnership's audit chain and prints
 * the first broken link. Exit code 0 when intact, 1 when broken, 2 when it
 * could not check. Reads the same settings as the service (DATABASE_URL, or
 * PGlite in DATA_DIR: stop the local service first, PGlite is single-process).
 */
import { resolve } from 'node:path';
import { loadConfig } from './platform/config/config';
import { readEnvFiles } from './platform/config/env-files';
import { openDatabase } from './platform/db/database';
import { describeChainReport, verifyAuditChain } from './platform/audit/audit-chain';

const rootDir = resolve(process.env.PATHWAYS_ROOT ?? resolve(__dirname, '../..'));

async function main(): Promise<number> {
  const config = loadConfig(readEnvFiles(rootDir, process.env.TEAMSFX_ENV ?? 'local', process.env));
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(rootDir, config.DATA_DIR),
  });
  try {
    const partnershipId = process.argv[2];
    const report = await verifyAuditChain(database.db, partnershipId ? { partnershipId } : {});
    console.log(describeChainReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
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
