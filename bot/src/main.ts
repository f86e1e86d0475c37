import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './platform/config/config';
import { readEnvFiles } from './platform/config/env-files';
import { createLogger } from './platform/logging';
import { startService } from './service';

// The repository root: env/ and the built tab and add-in live there.
const rootDir = resolve(process.env.PATHWAYS_ROOT ?? resolve(__dirname, '../..'));

async function main() {
  const env = readEnvFiles(rootDir, process.env.TEAMSFX_ENV ?? 'local', process.env);
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const service = await startService(config, { rootDir, logger });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Pathways failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
