import { X509Certificate } from 'node:crypto';
import { createSandboxCertificate } from './selfSignedCertificate';

describe('the sandbox tenant\u2019s self-signed certificate', () => {
  it('when many are made, then OpenSSL reads every one (the random serial is always minimal DER)', () => {
    // A leading zero byte in the serial made about 1 in 250 unreadable ("illegal padding").
    for (let i = 0; i < 600; i += 1) {
      const { certificate } = createSandboxCertificate(['127.0.0.1', 'localhost']);
      const parsed = new X509Certificate(certificate);
      expect(parsed.serialNumber).toMatch(/^[4-7][0-9A-F]/);
    }
  });
});
