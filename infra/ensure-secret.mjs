#!/usr/bin/env node
// teamsapp.yml runs this before arm/deploy: for each SECRET_* name that has no
// value yet, print `::set-teamsfx-env NAME=<random>` so Teams Toolkit stores a
// generated secret in env/.env.<env>.user (git-ignored, SECRET_ keys only go
// there). An existing value is never replaced: rotating a secret is deliberate.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node infra/ensure-secret.mjs SECRET_NAME...');
  process.exit(2);
}
for (const name of names) {
  if (!/^SECRET_[A-Z0-9_]+$/.test(name)) {
    console.error(
      `${name}: only SECRET_* names are generated (Teams Toolkit keeps them out of git)`,
    );
    process.exit(2);
  }
  if (process.env[name]) continue;
  if (name.endsWith('_SIGNING_KEY')) {
    // An Ed25519 private key (PKCS#8 DER, base64: one line) for AUDIT_SIGNING_KEY.
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' });
    console.log(`::set-teamsfx-env ${name}=${key.toString('base64')}`);
  } else {
    // "Pw-" guarantees upper, lower and symbol characters (PostgreSQL password rules).
    console.log(`::set-teamsfx-env ${name}=Pw-${randomBytes(24).toString('base64url')}`);
  }
}
