import { randomBytes } from 'node:crypto';

/**
 * A message in MIME, for Graph's "create draft in MIME format" (POST /users/{id}/messages,
 * Content-Type: text/plain, the MIME base64-encoded). Graph's JSON message has one body,
 * HTML or text; only MIME carries both as multipart/alternative, with inline images
 * (multipart/related) and attachments (multipart/mixed).
 */
export interface MimeAddress {
  address: string;
  name?: string;
}

export interface MimeFile {
  contentType: string;
  filename: string;
  /** base64 */
  contentBase64: string;
  /** For an inline part referred to as cid:<contentId>. */
  contentId?: string;
}

export interface MimeMessageInput {
  from: MimeAddress;
  to: MimeAddress[];
  cc?: MimeAddress[];
  bcc?: MimeAddress[];
  subject: string;
  /** x- headers only. */
  headers?: { name: string; value: string }[];
  text: string;
  html?: string;
  inline?: MimeFile[];
  attachments?: MimeFile[];
}

const CRLF = '\r\n';

/** RFC 2047 encoded word (UTF-8, base64): any text is safe in a header this way. */
function encodedWord(text: string): string {
  // Keep each encoded word under 75 characters: 45 bytes of UTF-8 per word.
  const bytes = Buffer.from(text, 'utf8');
  const words: string[] = [];
  for (let i = 0; i < bytes.length;) {
    let end = Math.min(i + 45, bytes.length);
    // Do not split a multi-byte character.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    words.push(`=?UTF-8?B?${bytes.subarray(i, end).toString('base64')}?=`);
    i = end;
  }
  return words.length === 0 ? '""' : words.join(`${CRLF} `);
}

const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;
const HEADER_NAME = /^x-[a-z0-9-]+$/i;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

function address(a: MimeAddress): string {
  if (!ADDRESS.test(a.address)) throw new Error('A recipient address is not a plain address.');
  return a.name ? `${encodedWord(a.name)} <${a.address}>` : a.address;
}

function addressHeader(name: string, list: MimeAddress[] | undefined): string[] {
  if (!list || list.length === 0) return [];
  // One address per folded line keeps every line far under 998 characters.
  return [`${name}: ${list.map(address).join(`,${CRLF} `)}`];
}

function base64Lines(base64: string): string {
  return base64.replace(/(.{76})/g, `$1${CRLF}`).replace(/\r\n$/, '');
}

function textPart(contentType: string, text: string): string {
  return [
    `Content-Type: ${contentType}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(text, 'utf8').toString('base64')),
  ].join(CRLF);
}

function filePart(file: MimeFile, disposition: 'inline' | 'attachment'): string {
  const safeName = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return [
    `Content-Type: ${file.contentType}; name="${safeName}"`,
    `Content-Disposition: ${disposition}; filename="${safeName}"`,
    ...(file.contentId ? [`Content-ID: <${file.contentId}>`] : []),
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(file.contentBase64),
  ].join(CRLF);
}

function multipart(subtype: string, parts: string[], extra = ''): string {
  const boundary = `=_pathways_${randomBytes(12).toString('hex')}`;
  return [
    `Content-Type: multipart/${subtype}; boundary="${boundary}"${extra}`,
    '',
    ...parts.map((p) => `--${boundary}${CRLF}${p}`),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

export function buildMime(input: MimeMessageInput): string {
  for (const h of input.headers ?? []) {
    if (!HEADER_NAME.test(h.name) || !HEADER_VALUE.test(h.value)) {
      throw new Error(`Header ${h.name} must be an x- header with a printable value.`);
    }
  }
  let body = input.html
    ? multipart('alternative', [
        textPart('text/plain', input.text),
        textPart('text/html', input.html),
      ])
    : textPart('text/plain', input.text);
  if (input.inline?.length) {
    body = multipart(
      'related',
      [body, ...input.inline.map((f) => filePart(f, 'inline'))],
      '; type="multipart/alternative"',
    );
  }
  if (input.attachments?.length) {
    body = multipart('mixed', [body, ...input.attachments.map((f) => filePart(f, 'attachment'))]);
  }
  const head = [
    'MIME-Version: 1.0',
    `From: ${address(input.from)}`,
    ...addressHeader('To', input.to),
    ...addressHeader('Cc', input.cc),
    ...addressHeader('Bcc', input.bcc),
    `Subject: ${encodedWord(input.subject)}`,
    ...(input.headers ?? []).map((h) => `${h.name}: ${h.value}`),
  ];
  return `${head.join(CRLF)}${CRLF}${body}`;
}
