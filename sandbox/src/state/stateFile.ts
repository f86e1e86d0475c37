// Saves and loads <dataDir>/sandbox.json: conversations, Graph state and the signing key, so
// a restarted sandbox keeps its posts, mail, calendars and plans, and still accepts the
// tokens it issued earlier.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { GraphState } from './graphStore';
import type { PersistedState } from './types';

export interface StateFileContents extends PersistedState {
  version: 1;
  tenantId: string;
  signingKey: JWK;
  /** Mailboxes, calendars, Planner and activity feed (absent in files from before Graph state). */
  graph?: GraphState;
}

export class StateFile {
  readonly path: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'sandbox.json');
  }

  load(): StateFileContents | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed = JSON.parse(text) as StateFileContents;
    if (parsed.version !== 1) throw new Error(`${this.path}: unknown version ${parsed.version}`);
    return parsed;
  }

  /** Synchronous and atomic (write then rename) so a crash never leaves half a file. */
  save(contents: StateFileContents): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(contents), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
