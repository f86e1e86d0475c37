import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const template = readFileSync(join(root, 'manifest/appPackage/manifest.json'), 'utf8');

describe('files the manifest points at', () => {
  const icons = [...template.matchAll(/\$\{\{TAB_ENDPOINT\}\}\/outlook\/(assets\/[\w.-]+)/g)].map(
    (m) => m[1]!,
  );

  it('when the manifest names Outlook ribbon icons, then the add-in ships each one', () => {
    expect(icons.length).toBeGreaterThan(0);
    const missing = [...new Set(icons)].filter(
      (file) => !existsSync(join(root, 'outlook-addin/public', file)),
    );
    expect(missing).toEqual([]);
  });
});
