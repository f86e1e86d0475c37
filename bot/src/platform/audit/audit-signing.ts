import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema';

/**
 * The audit chain's head, signed (Ed25519, node:crypto) with a key the database
 * never holds: from Key Vault in production (AUDIT_SIGNING_KEY), from a local
 * file in development. The hash chain shows a row changed by anyone who cannot
 * recompute hashes; the signatures show it to the owner too, who can recompute
 * every hash but cannot sign the rewritten head. `npm run audit:verify` checks both.
 */
export interface AuditSigner {
  /** First 16 hex digits of the SHA-256 of the public key (DER): which key signed. */
  keyId: string;
  publicKey: KeyObject;
  sign(message: string): string;
}

/** What each signature covers, in this order, one per line. */
export function headMessage(head: {
  partnershipId: string;
  seq: number;
  hash: string;
  signedAt: Date;
}): string {
  return [
    'pathways-audit-head:v1',
    head.partnershipId,
    String(head.seq),
    head.hash,
    head.signedAt.toISOString(),
  ].join('\n');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The job that signs heads, every minute on whichever instance takes it. */
export const AUDIT_SIGN_QUEUE = 'audit-sign-head';
export const AUDIT_SIGN_CRON = '* * * * *';

/** The signer the settings name (AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE, DATA_DIR). */
export function configuredAuditSigner(
  config: {
    AUDIT_SIGNING_KEY?: string | undefined;
    AUDIT_SIGNING_KEY_FILE?: string | undefined;
    production: boolean;
  },
  dataDir: string,
  /** A database that ends with the process (tests): a key that does too. */
  ephemeral = false,
): AuditSigner {
  if (ephemeral && !config.AUDIT_SIGNING_KEY && !config.AUDIT_SIGNING_KEY_FILE) {
    const { privateKey } = generateKeyPairSync('ed25519');
    return signerFromKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  return loadAuditSigner({
    key: config.AUDIT_SIGNING_KEY,
    file: config.AUDIT_SIGNING_KEY_FILE ?? resolve(dataDir, 'audit-signing-key.pem'),
    create: !config.production,
  });
}

/** A signer over an Ed25519 private key in PKCS#8 PEM (or its base64 DER). */
export function signerFromKey(text: string): AuditSigner {
  const pem = text.includes('-----BEGIN')
    ? // App settings may carry the PEM's line breaks as "\n".
      text.replace(/\\n/g, '\n')
    : undefined;
  const privateKey = pem
    ? createPrivateKey(pem)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('The audit signing key must be an Ed25519 private key (PKCS#8 PEM).');
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * The configured signer: AUDIT_SIGNING_KEY, else the key file (made, readable
 * by this user only, when it does not exist and `create` allows: development).
 */
export function loadAuditSigner(settings: {
  key: string | undefined;
  file: string;
  create: boolean;
}): AuditSigner {
  if (settings.key) return signerFromKey(settings.key);
  const file = resolve(settings.file);
  if (!existsSync(file)) {
    if (!settings.create) {
      throw new Error(`The audit signing key file ${file} does not exist.`);
    }
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return signerFromKey(readFileSync(file, 'utf8'));
}

/**
 * Signs each partnership's current head that this key has not signed yet.
 * Safe to run on every instance at once: a head is signed once per key.
 */
export async function signAuditHeads(
  db: Kysely<Tables>,
  signer: AuditSigner,
  now: Date = new Date(),
): Promise<number> {
  const heads = await db.selectFrom('audit_chain_heads').selectAll().execute();
  let signed = 0;
  for (const head of heads) {
    if (head.last_seq === 0) continue;
    const message = headMessage({
      partnershipId: head.partnership_id,
      seq: head.last_seq,
      hash: head.last_hash,
      signedAt: now,
    });
    const inserted = await db
      .insertInto('audit_head_signatures')
      .values({
        partnership_id: head.partnership_id,
        seq: head.last_seq,
        head_hash: head.last_hash,
        signed_at: now,
        key_id: signer.keyId,
        signature: signer.sign(message),
      })
      .onConflict((oc) => oc.columns(['partnership_id', 'seq', 'key_id']).doNothing())
      .executeTakeFirst();
    signed += Number(inserted.numInsertedOrUpdatedRows ?? 0);
  }
  return signed;
}

export interface SignatureReport {
  ok: boolean;
  /** Per partnership: the newest head this key signed, and events written after it. */
  chains: {
    partnershipId: string;
    signatures: number;
    lastSignedSeq: number;
    lastSignedAt: Date | undefined;
    unsignedEvents: number;
  }[];
  /** The first signature that does not hold (checked in partnership, then seq order). */
  firstProblem: { partnershipId: string; seq: number; problem: string } | undefined;
}

/**
 * Checks every head signed with this key: the signature verifies, and the
 * event at that position still has the hash that was signed. Signatures made
 * with other keys are left out (a rotated key is checked with its own).
 */
export async function verifyAuditSignatures(
  db: Kysely<Tables>,
  publicKey: KeyObject,
  options: {
    partnershipId?: string;
    /**
     * Events older than this with no signed head after them fail the check: the
     * service signs every minute, at start and at stop, so such a gap means
     * signatures were removed. Default 15.
     */
    maxUnsignedMinutes?: number;
    now?: Date;
  } = {},
): Promise<SignatureReport> {
  const keyId = keyIdOf(publicKey);
  let query = db
    .selectFrom('audit_head_signatures as s')
    .leftJoin('audit_events as e', (join) =>
      join.onRef('e.partnership_id', '=', 's.partnership_id').onRef('e.seq', '=', 's.seq'),
    )
    .select([
      's.partnership_id',
      's.seq',
      's.head_hash',
      's.signed_at',
      's.signature',
      'e.hash as event_hash',
    ])
    .where('s.key_id', '=', keyId);
  if (options.partnershipId) query = query.where('s.partnership_id', '=', options.partnershipId);
  const rows = await query.orderBy('s.partnership_id').orderBy('s.seq').execute();
  const heads = await db.selectFrom('audit_chain_heads').selectAll().execute();

  const chains = new Map<string, SignatureReport['chains'][number]>();
  for (const head of heads) {
    if (options.partnershipId && head.partnership_id !== options.partnershipId) continue;
    chains.set(head.partnership_id, {
      partnershipId: head.partnership_id,
      signatures: 0,
      lastSignedSeq: 0,
      lastSignedAt: undefined,
      unsignedEvents: head.last_seq,
    });
  }
  let firstProblem: SignatureReport['firstProblem'];
  for (const row of rows) {
    const message = headMessage({
      partnershipId: row.partnership_id,
      seq: row.seq,
      hash: row.head_hash,
      signedAt: row.signed_at,
    });
    const genuine = verify(
      null,
      Buffer.from(message, 'utf8'),
      publicKey,
      Buffer.from(row.signature, 'base64'),
    );
    const problem = !genuine
      ? 'its signature does not verify with the audit signing key (the signed head was altered)'
      : row.event_hash === null
        ? 'the event the signed head names is missing'
        : row.event_hash !== row.head_hash
          ? 'the event there is not the one that was signed (history was rewritten)'
          : undefined;
    if (problem) {
      firstProblem ??= { partnershipId: row.partnership_id, seq: row.seq, problem };
      continue;
    }
    const chain = chains.get(row.partnership_id);
    if (!chain) continue;
    chain.signatures += 1;
    if (row.seq >= chain.lastSignedSeq) {
      chain.lastSignedSeq = row.seq;
      chain.lastSignedAt = row.signed_at;
    }
  }
  const head = new Map(heads.map((h) => [h.partnership_id, h.last_seq]));
  const cutoff = new Date(
    (options.now ?? new Date()).getTime() - (options.maxUnsignedMinutes ?? 15) * 60_000,
  );
  for (const chain of chains.values()) {
    chain.unsignedEvents = Math.max(0, (head.get(chain.partnershipId) ?? 0) - chain.lastSignedSeq);
    if (chain.unsignedEvents === 0) continue;
    const stale = await db
      .selectFrom('audit_events')
      .select('seq')
      .where('partnership_id', '=', chain.partnershipId)
      .where('seq', '>', chain.lastSignedSeq)
      .where('at', '<', cutoff)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (stale) {
      firstProblem ??= {
        partnershipId: chain.partnershipId,
        seq: stale.seq,
        problem: `no signed head covers it, though it was written before ${cutoff.toISOString()} (signatures removed, or the service could not sign)`,
      };
    }
  }
  return {
    ok: firstProblem === undefined,
    chains: [...chains.values()].sort((a, b) => a.partnershipId.localeCompare(b.partnershipId)),
    firstProblem,
  };
}

/** The report in plain English, one line per chain (for the command line). */
export function describeSignatureReport(report: SignatureReport, keyId: string): string {
  const lines = report.chains.map((c) =>
    c.signatures === 0
      ? `${c.partnershipId}: no head signed with key ${keyId} yet (${c.unsignedEvents} events unsigned)`
      : `${c.partnershipId}: ${c.signatures} signed heads hold (key ${keyId}); the last covers event ${c.lastSignedSeq}, signed ${c.lastSignedAt?.toISOString()}; ${c.unsignedEvents} events since`,
  );
  if (report.firstProblem) {
    const p = report.firstProblem;
    lines.push(`${p.partnershipId}: SIGNED HEAD BROKEN at event ${p.seq}: ${p.problem}`);
  }
  return lines.join('\n');
}
