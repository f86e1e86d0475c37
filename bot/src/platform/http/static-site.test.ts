import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { staticSite } from './static-site';

/** A built page as the build leaves it: each file with .br and .gz copies beside it. */
function builtSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pathways-site-'));
  mkdirSync(join(dir, 'assets'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  };
  write('index.html', `<!doctype html><title>Pathways</title>${'<p>x</p>'.repeat(200)}`);
  write('assets/index-Bu9IeOH1.js', `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('Serving the built tab and add-in', () => {
  const dir = builtSite();
  const app = express().use('/tab', staticSite(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a browser accepts Brotli, then the Brotli copy is sent, marked as varying by encoding', async () => {
    const res = await request(app)
      .get('/tab/assets/index-Bu9IeOH1.js')
      .set('Accept-Encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['vary']).toMatch(/Accept-Encoding/);
  });

  it('when a browser accepts only gzip, then the gzip copy is sent; with neither, the file itself', async () => {
    const gz = await request(app).get('/tab/index.html').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await request(app).get('/tab/index.html').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toContain('<title>Pathways</title>');
  });

  it('when a fingerprinted asset is sent, then it is cached for a year as immutable; HTML is never used unchecked', async () => {
    const asset = await request(app)
      .get('/tab/assets/index-Bu9IeOH1.js')
      .set('Accept-Encoding', 'br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/tab/', '/tab/index.html']) {
      const html = await request(app).get(path).set('Accept-Encoding', 'br');
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toMatch(/text\/html/);
      expect(html.headers['cache-control']).toBe('no-cache');
    }
    const icon = await request(app).get('/tab/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
  });
});
