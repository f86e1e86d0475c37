import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..');

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the domain boundary', () => {
  it.each([
    "import { CloudAdapter } from 'botbuilder';",
    "import { Client } from '@microsoft/microsoft-graph-client';",
    "import { ConfidentialClientApplication } from '@azure/msal-node';",
    "import { app } from '@microsoft/teams-js';",
    "import express from 'express';",
    "import { Pool } from 'pg';",
    "import { PGlite } from '@electric-sql/pglite';",
    "import PgBoss from 'pg-boss';",
  ])('when core/ imports an SDK or driver (%s), then the check fails', async (code) => {
    expect(await boundaryErrors(`${code}\nexport {};\n`, 'core/src/example.ts')).toHaveLength(1);
  });

  it('when the service imports the same SDK, then the check allows it', async () => {
    expect(
      await boundaryErrors(
        "import express from 'express';\nexport { express };\n",
        'bot/src/example.ts',
      ),
    ).toEqual([]);
  });

  // compromise: the identifying-details screen's names and parts of speech (pure JS, offline, no I/O).
  it('when core/ declares dependencies, then they are only validation, date and language libraries', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'core/package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['compromise', 'date-fns', 'zod']);
  });
});
