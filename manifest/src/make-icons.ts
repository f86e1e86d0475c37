import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { iconFiles } from './icons';
import { findManifestDir } from './paths';

/** Regenerates manifest/appPackage/{color,outline}.png and the Outlook ribbon icons. */
if (require.main === module) {
  const manifestDir = findManifestDir();
  for (const [file, png] of Object.entries(iconFiles())) {
    const path = join(manifestDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, png);
    console.log(`wrote manifest/${file} (${png.length} bytes)`);
  }
}
