// Reading an RFC 5322 / MIME message, as Graph does for a draft created in MIME format
// (POST /users/{id}/messages with Content-Type: text/plain and the MIME base64-encoded).
// Enough of MIME for what a client sends: folded headers, RFC 2047 encoded words (B and
// Q), nested multiparts, base64 / quoted-printable / 7bit parts.

export interface MimeHeader {
  name: string;
  value: string;
}

export interface MimePart {
  headers: MimeHeader[];
  contentType: string;
  params: Record<string, string>;
  /** Decoded content (text parts as UTF-8 text, others as base64). */
  body: string;
  parts: MimePart[];
}

export class MimeError extends Error {}

function splitHeadAndBody(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_m, _charset: string, enc: string, text: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              'latin1',
            ).toString('utf8'),
    );
}

function parseHeaders(head: string): MimeHeader[] {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new MimeError(`Malformed MIME header line.`);
      return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}

export function headerValue(headers: MimeHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function contentTypeOf(headers: MimeHeader[]): { type: string; params: Record<string, string> } {
  const value = headerValue(headers, 'Content-Type') ?? 'text/plain; charset=us-ascii';
  const [type = 'text/plain', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params[p.slice(0, eq).trim().toLowerCase()] = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(body: string, headers: MimeHeader[], type: string): string {
  const encoding = (headerValue(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  } else bytes = Buffer.from(body, 'utf8');
  return type.startsWith('text/') ? bytes.toString('utf8') : bytes.toString('base64');
}

function parsePart(raw: string, depth: number): MimePart {
  if (depth > 8) throw new MimeError('MIME parts are nested too deeply.');
  const { head, body } = splitHeadAndBody(raw);
  const headers = parseHeaders(head);
  const { type, params } = contentTypeOf(headers);
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (!boundary) throw new MimeError('A multipart part has no boundary.');
    const delimiter = `--${boundary}`;
    const chunks = body.split(
      new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    // chunks[0] is the preamble; the last one starts with "--" (the close delimiter).
    const parts = chunks
      .slice(1)
      .filter((c) => !c.startsWith('--'))
      .map((c) => parsePart(c.replace(/^[ \t]*\r?\n/, ''), depth + 1));
    return { headers, contentType: type, params, body: '', parts };
  }
  return { headers, contentType: type, params, body: decodeBody(body, headers, type), parts: [] };
}

export function parseMime(raw: string): MimePart {
  return parsePart(raw, 0);
}

/** Every leaf part, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

/** Addresses from an address-list header: `"Name" <a@b>, c@d`. */
export function addressList(value: string | undefined): { name?: string; address: string }[] {
  if (!value) return [];
  const out: { name?: string; address: string }[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of `${value},`) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '<') angle = true;
    if (!quoted && ch === '>') angle = false;
    if (ch === ',' && !quoted && !angle) {
      const item = current.trim();
      current = '';
      if (!item) continue;
      const m = /^(.*)<([^>]+)>$/.exec(item);
      if (m) {
        const name = decodeWords((m[1] ?? '').trim().replace(/^"(.*)"$/, '$1'));
        out.push({ ...(name ? { name } : {}), address: (m[2] ?? '').trim() });
      } else out.push({ address: item });
      continue;
    }
    current += ch;
  }
  return out;
}
