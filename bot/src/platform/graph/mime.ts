// nodemailer's MailComposer writes the MIME (the multipart nesting, RFC 2047 encoding and
// folding of non-ASCII names and subjects, transfer encodings, line lengths); what stays
// here is Pathways' own rule for what may go in: plain addresses and x- headers only.
import MailComposer from 'nodemailer/lib/mail-composer';

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

const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;
const HEADER_NAME = /^x-[a-z0-9-]+$/i;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

function address(a: MimeAddress): MimeAddress | string {
  if (!ADDRESS.test(a.address)) throw new Error('A recipient address is not a plain address.');
  return a.name ? { name: a.name, address: a.address } : a.address;
}

function file(f: MimeFile, disposition: 'inline' | 'attachment') {
  return {
    content: f.contentBase64,
    encoding: 'base64',
    contentType: f.contentType,
    filename: f.filename,
    contentDisposition: disposition,
    ...(f.contentId ? { cid: f.contentId } : {}),
  };
}

export async function buildMime(input: MimeMessageInput): Promise<string> {
  for (const h of input.headers ?? []) {
    if (!HEADER_NAME.test(h.name) || !HEADER_VALUE.test(h.value)) {
      throw new Error(`Header ${h.name} must be an x- header with a printable value.`);
    }
  }
  const message = new MailComposer({
    from: address(input.from),
    to: input.to.map(address),
    ...(input.cc?.length ? { cc: input.cc.map(address) } : {}),
    ...(input.bcc?.length ? { bcc: input.bcc.map(address) } : {}),
    subject: input.subject,
    text: input.text,
    ...(input.html !== undefined ? { html: input.html } : {}),
    attachments: [
      ...(input.inline ?? []).map((f) => file(f, 'inline')),
      ...(input.attachments ?? []).map((f) => file(f, 'attachment')),
    ],
    headers: (input.headers ?? []).map((h) => ({ key: h.name, value: h.value })),
    // Everything comes in as content: never read a file or a URL named in a message.
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile();
  // Graph makes the draft's Bcc recipients from the Bcc header; sending removes it.
  message.keepBcc = true;
  return (await message.build()).toString('utf8');
}
