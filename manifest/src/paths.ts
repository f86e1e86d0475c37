import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** manifest/ (the folder holding appPackage/), found from src/ or from a bundle in build/cli/. */
export function findManifestDir(from = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'appPackage', 'manifest.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no appPackage/manifest.json above ${from}`);
  }
}
