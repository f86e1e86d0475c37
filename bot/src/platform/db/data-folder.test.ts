import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './database';
import { migratedPgliteTemplate } from './test-database';

describe('a PGlite data folder and an archive to start from', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-data-folder-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when the folder is new, then it holds the archived database; when opened again with the archive, then it keeps what was written', async () => {
    const archive = await migratedPgliteTemplate();
    const first = await openDatabase({ dataDir, loadDataDir: archive });
    try {
      const tables = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'kloes'`.execute(
        first.db,
      );
      expect(tables.rows[0]!.n).toBe(1);
      await first.executeSql(`CREATE TABLE kept_after_restart (id int)`);
      await first.executeSql(`INSERT INTO kept_after_restart VALUES (7)`);
    } finally {
      await first.close();
    }

    const again = await openDatabase({ dataDir, loadDataDir: archive });
    try {
      expect((await again.executeSql('SELECT id FROM kept_after_restart')).rows).toEqual([
        { id: 7 },
      ]);
    } finally {
      await again.close();
    }
  });
});
