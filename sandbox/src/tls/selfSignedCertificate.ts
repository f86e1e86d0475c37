// A certificate for the sandbox's https listener, made fresh at each start. Clients
// (MSAL and the Graph SDK refuse plain http) trust it explicitly, and only in sandbox mode.
// Encoded here in a few lines of DER rather than with a PKI library: the libraries
// available pull in global polyfills, and this certificate needs nothing beyond X.509 v3.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

export interface SandboxCertificate {
  /** PEM: what a client passes as its trusted CA for the sandbox, and only for it. */
  certificate: string;
  privateKey: string;
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const sequence = (...items: Buffer[]) => der(0x30, ...items);
const set = (...items: Buffer[]) => der(0x31, ...items);
const octets = (value: Buffer) => der(0x04, value);
const explicit = (n: number, item: Buffer) => der(0xa0 + n, item);
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}
const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), octets(value));

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

export function createSandboxCertificate(hosts: string[]): SandboxCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = sequence(
    set(sequence(oid('2.5.4.3'), der(0x0c, Buffer.from('Pathways sandbox tenant (local only)')))),
  );
  const now = Date.now();
  // IPv4 addresses and host names (the sandbox listens on loopback).
  const altNames = hosts
    .filter((h) => isIP(h) !== 6)
    .map((h) =>
      isIP(h) === 4
        ? der(0x87, Buffer.from(h.split('.').map(Number)))
        : der(0x82, Buffer.from(h, 'ascii')),
    );
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: top bit clear, and never a leading zero byte (a leading
  // 0x00 before a byte under 0x80 is "illegal padding" to OpenSSL: about 1 certificate in 250).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const tbs = sequence(
    explicit(0, der(0x02, Buffer.from([2]))), // X.509 v3
    der(0x02, serial),
    ECDSA_SHA256,
    name,
    sequence(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 30 * 24 * 3600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        // Its own trust anchor: a CA that signed itself, for these hosts, for TLS servers.
        extension('2.5.29.19', true, sequence(der(0x01, Buffer.from([0xff])))),
        extension('2.5.29.15', true, der(0x03, Buffer.from([0x02, 0x84]))),
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.17', false, sequence(...altNames)),
      ),
    ),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const certificate = sequence(tbs, ECDSA_SHA256, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    certificate: `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
