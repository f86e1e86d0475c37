// Outlook mail through Graph: sendMail, drafts and their send, folders and listings.
// A message sent from a mailbox is saved to its Sent Items (with a new id, as Exchange
// gives the sent copy) and delivered to every recipient in the tenant; nobody outside it.
//
// Finding a message by our own x- header: custom internet message headers are kept as
// named properties in the PS_INTERNET_HEADERS property set, so the supported query is
//   $filter=singleValueExtendedProperties/any(ep: ep/id eq 'String {00020386-0000-0000-C000-000000000046} Name x-key' and ep/value eq 'v')
// (internetMessageHeaders cannot be filtered, and the Sent Items copy does not carry them).
import { type Request, type Response, Router } from 'express';
import type {
  ExtendedProperty,
  GraphStore,
  Json,
  MailFolder,
  StoredMessage,
} from '../state/graphStore';
import type { Directory, DirectoryUser } from '../tenant/directory';
import { SANDBOX_DOMAIN } from '../tenant/personas';
import { sendGraphError } from './graphErrors';
import { type GraphLimits, MAX_RECIPIENTS_PER_MESSAGE, retryAfterSeconds } from './graphLimits';
import { changeKey, internetMessageId, outlookId } from './ids';
import { MimeError, addressList, decodeWords, headerValue, leaves, parseMime } from './mime';
import { appIdOf, mailboxOf } from './mailbox';
import { UnsupportedQueryError, pageBySkip, parseTopSkip, queryParam } from './odataQuery';
import {
  GraphRequestError,
  type Recipient,
  actionParam,
  emailAddressOf,
  itemBody,
  matchesEtag,
  preview,
  recipients,
  selectOutlook,
} from './outlookItems';

export const PS_INTERNET_HEADERS = '{00020386-0000-0000-C000-000000000046}';
const MAX_CUSTOM_HEADERS = 5;
const HIDDEN = ['internetMessageHeaders', 'uniqueBody'];

const FOLDERS: Record<MailFolder, string> = {
  inbox: 'Inbox',
  drafts: 'Drafts',
  sentitems: 'Sent Items',
};

export function folderId(mailboxId: string, folder: MailFolder): string {
  return `AQMkAGI2${Buffer.from(`${mailboxId}:${folder}`).toString('base64url')}`;
}

function folderOf(mailboxId: string, idOrName: string): MailFolder | undefined {
  const key = idOrName.toLowerCase();
  return (Object.keys(FOLDERS) as MailFolder[]).find(
    (f) => f === key || folderId(mailboxId, f) === idOrName,
  );
}

interface Header {
  name: string;
  value: string;
}

function customHeaders(value: unknown): Header[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new GraphRequestError(
      400,
      'InvalidInternetMessageHeader',
      'internetMessageHeaders must be a collection.',
    );
  }
  if (value.length > MAX_CUSTOM_HEADERS) {
    throw new GraphRequestError(
      400,
      'InvalidInternetMessageHeaderCollection',
      `Maximum number of headers in one message should be less than or equal to ${MAX_CUSTOM_HEADERS}.`,
    );
  }
  return value.map((h: unknown) => {
    const { name, value: v } = (h ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || !/^x-/i.test(name)) {
      throw new GraphRequestError(
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${String(name)}' should start with 'x-' or 'X-'.`,
      );
    }
    return { name, value: typeof v === 'string' ? v : String(v ?? '') };
  });
}

function extendedProperties(value: unknown): ExtendedProperty[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    const { id, value: v } = (p ?? {}) as { id?: unknown; value?: unknown };
    return typeof id === 'string' ? [{ id, value: String(v ?? '') }] : [];
  });
}

function headerProperty(header: Header): ExtendedProperty {
  return { id: `String ${PS_INTERNET_HEADERS} Name ${header.name}`, value: header.value };
}

function sameProperty(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase();
}

/** The message a client wrote, read into what Outlook stores. */
interface Draft {
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  from?: Recipient;
  importance: string;
  headers: Header[];
  properties: ExtendedProperty[];
}

function readDraft(input: unknown): Draft {
  const m = (input ?? {}) as Json;
  const from = recipients(m.from ? [m.from] : [], 'from')[0];
  return {
    subject: typeof m.subject === 'string' ? m.subject : '',
    body: itemBody(m.body),
    toRecipients: recipients(m.toRecipients, 'toRecipients'),
    ccRecipients: recipients(m.ccRecipients, 'ccRecipients'),
    bccRecipients: recipients(m.bccRecipients, 'bccRecipients'),
    replyTo: recipients(m.replyTo, 'replyTo'),
    ...(from ? { from } : {}),
    importance: ['low', 'normal', 'high'].includes(String(m.importance))
      ? String(m.importance)
      : 'normal',
    headers: customHeaders(m.internetMessageHeaders),
    properties: extendedProperties(m.singleValueExtendedProperties),
  };
}

/** A draft given in MIME format (base64 in a text/plain body), as Graph reads one. */
function readMimeDraft(base64: string): { draft: Draft; mime: string; attachments: number } {
  const mime = Buffer.from(base64.replace(/\s+/g, ''), 'base64').toString('utf8');
  let root;
  try {
    root = parseMime(mime);
  } catch (err) {
    throw new GraphRequestError(
      400,
      'ErrorMimeContentInvalid',
      err instanceof MimeError ? err.message : 'The MIME content is not valid.',
    );
  }
  if (!headerValue(root.headers, 'MIME-Version') && !headerValue(root.headers, 'Subject')) {
    throw new GraphRequestError(400, 'ErrorMimeContentInvalid', 'The MIME content is not valid.');
  }
  const list = (name: string, property: string) =>
    recipients(
      addressList(headerValue(root.headers, name)).map((a) => ({ emailAddress: a })),
      property,
    );
  const parts = leaves(root);
  const isAttachment = (p: (typeof parts)[number]) =>
    /^(attachment|inline)/i.test(headerValue(p.headers, 'Content-Disposition') ?? '') ||
    headerValue(p.headers, 'Content-ID') !== undefined;
  const bodies = parts.filter((p) => !isAttachment(p));
  const html = bodies.find((p) => p.contentType === 'text/html');
  const text = bodies.find((p) => p.contentType === 'text/plain');
  const body = html
    ? { contentType: 'html' as const, content: html.body }
    : { contentType: 'text' as const, content: text?.body ?? '' };
  const from = addressList(headerValue(root.headers, 'From'))[0];
  return {
    mime,
    attachments: parts.filter(isAttachment).length,
    draft: {
      subject: decodeWords(headerValue(root.headers, 'Subject') ?? ''),
      body,
      toRecipients: list('To', 'toRecipients'),
      ccRecipients: list('Cc', 'ccRecipients'),
      bccRecipients: list('Bcc', 'bccRecipients'),
      replyTo: list('Reply-To', 'replyTo'),
      ...(from ? { from: { emailAddress: from } } : {}),
      importance: 'normal',
      headers: root.headers
        .filter((h) => /^x-/i.test(h.name))
        .map((h) => ({ name: h.name, value: h.value })),
      properties: [],
    },
  };
}

/** The MIME a recipient receives: Bcc is never delivered. */
function withoutBcc(mime: string): string {
  const split = /\r?\n\r?\n/.exec(mime);
  if (!split) return mime;
  const head = mime.slice(0, split.index).replace(/^Bcc:.*(?:\r?\n[ \t].*)*(?:\r?\n)?/gim, '');
  return `${head}${mime.slice(split.index)}`;
}

function allRecipients(m: Json): Recipient[] {
  return ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap(
    (k) => (m[k] as Recipient[] | undefined) ?? [],
  );
}

export function mailRouter(deps: {
  store: GraphStore;
  directory: Directory;
  limits: GraphLimits;
  baseUrl: () => string;
}): Router {
  const { store, directory, limits, baseUrl } = deps;
  const router = Router();
  const messages = () => store.state.messages;
  const context = (suffix: string) => `${baseUrl()}/v1.0/$metadata#${suffix}`;

  function stored(
    mailbox: DirectoryUser,
    folder: MailFolder,
    message: Json,
    properties: ExtendedProperty[],
    mime?: string,
  ): StoredMessage {
    const item: StoredMessage = {
      mailboxId: mailbox.id,
      folder,
      message: { ...message, parentFolderId: folderId(mailbox.id, folder) },
      extendedProperties: properties,
      ...(mime ? { mime } : {}),
    };
    messages().push(item);
    return item;
  }

  function newMessage(mailbox: DirectoryUser, draft: Draft, now: Date): Json {
    const id = outlookId();
    const sender = draft.from ?? emailAddressOf(mailbox);
    return {
      id,
      createdDateTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      lastModifiedDateTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      changeKey: changeKey(),
      categories: [],
      receivedDateTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      sentDateTime: null,
      hasAttachments: false,
      internetMessageId: internetMessageId(SANDBOX_DOMAIN),
      subject: draft.subject,
      bodyPreview: preview(draft.body),
      importance: draft.importance,
      conversationId: outlookId(),
      isDeliveryReceiptRequested: false,
      isReadReceiptRequested: false,
      isRead: true,
      isDraft: true,
      webLink: `${baseUrl()}/#mailbox-${mailbox.id}`,
      inferenceClassification: 'focused',
      body: draft.body,
      sender,
      from: sender,
      toRecipients: draft.toRecipients,
      ccRecipients: draft.ccRecipients,
      bccRecipients: draft.bccRecipients,
      replyTo: draft.replyTo,
      flag: { flagStatus: 'notFlagged' },
      internetMessageHeaders: draft.headers,
    };
  }

  function find(mailbox: DirectoryUser, id: string): StoredMessage | undefined {
    return messages().find((m) => m.mailboxId === mailbox.id && m.message.id === id);
  }

  /** Sends a message: limits, Sent Items, then delivery to recipients in the tenant. */
  function send(
    mailbox: DirectoryUser,
    message: Json,
    properties: ExtendedProperty[],
    saveToSentItems: boolean,
    res: Response,
    mime?: string,
  ): boolean {
    const to = allRecipients(message);
    if (to.length === 0) {
      sendGraphError(
        res,
        400,
        'ErrorInvalidRecipients',
        'At least one recipient is required, but none were found.',
      );
      return false;
    }
    if (to.length > MAX_RECIPIENTS_PER_MESSAGE) {
      sendGraphError(
        res,
        400,
        'ErrorExceededMaxRecipientLimit',
        `The message has ${to.length} recipients; a message may have at most ${MAX_RECIPIENTS_PER_MESSAGE} (To, Cc and Bcc together).`,
      );
      return false;
    }
    const admission = limits.admitSend(appIdOf(res), mailbox.id, to.length);
    if (!admission.allowed) {
      res.setHeader('Retry-After', String(retryAfterSeconds(admission.retryAfterMs)));
      sendGraphError(
        res,
        429,
        'ApplicationThrottled',
        admission.reason ?? 'Too many messages sent.',
      );
      return false;
    }
    const now = new Date();
    const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
    const headers = (message.internetMessageHeaders as Header[] | undefined) ?? [];
    const allProperties = [...properties, ...headers.map(headerProperty)];
    const sent: Json = {
      ...message,
      id: outlookId(),
      changeKey: changeKey(),
      isDraft: false,
      sentDateTime: stamp,
      receivedDateTime: stamp,
      lastModifiedDateTime: stamp,
    };
    // The Sent Items copy keeps our headers only as named properties (see the note above).
    delete sent.internetMessageHeaders;
    if (saveToSentItems) stored(mailbox, 'sentitems', sent, allProperties, mime);

    const delivered = new Set<string>();
    for (const r of to) {
      const user = directory.findByAddress(r.emailAddress.address);
      if (!user || delivered.has(user.id)) continue;
      delivered.add(user.id);
      const from = message.from as Recipient;
      stored(
        user,
        'inbox',
        {
          ...sent,
          id: outlookId(),
          changeKey: changeKey(),
          isRead: false,
          bccRecipients: [],
          webLink: `${baseUrl()}/#mailbox-${user.id}`,
          internetMessageHeaders: [
            { name: 'Message-ID', value: String(message.internetMessageId) },
            { name: 'Date', value: now.toUTCString() },
            {
              name: 'From',
              value: `${from.emailAddress.name ?? ''} <${from.emailAddress.address}>`,
            },
            { name: 'Subject', value: String(message.subject ?? '') },
            { name: 'MIME-Version', value: '1.0' },
            ...headers,
          ],
        },
        allProperties,
        mime && withoutBcc(mime),
      );
    }
    store.changed();
    return true;
  }

  function handle(res: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof GraphRequestError)
        return sendGraphError(res, err.status, err.code, err.message);
      if (err instanceof UnsupportedQueryError)
        return sendGraphError(res, 400, 'BadRequest', err.message);
      throw err;
    }
  }

  router.post('/users/:userId/sendMail', (req, res) =>
    handle(res, () => {
      const mailbox = mailboxOf(res);
      const input = actionParam(req.body, 'message');
      if (!input || typeof input !== 'object') {
        return sendGraphError(
          res,
          400,
          'ErrorInvalidParameter',
          "The value of the parameter 'Message' is empty.",
        );
      }
      const draft = readDraft(input);
      const save = actionParam(req.body, 'saveToSentItems');
      const message = newMessage(mailbox, draft, new Date());
      if (send(mailbox, message, draft.properties, save !== false, res)) res.status(202).end();
    }),
  );

  router.post('/users/:userId/messages', (req, res) =>
    handle(res, () => {
      const mailbox = mailboxOf(res);
      const fromMime = typeof req.body === 'string' ? readMimeDraft(req.body) : undefined;
      const draft = fromMime?.draft ?? readDraft(req.body);
      const message = newMessage(mailbox, draft, new Date());
      if (fromMime && fromMime.attachments > 0) message.hasAttachments = true;
      const item = stored(mailbox, 'drafts', message, draft.properties, fromMime?.mime);
      store.changed();
      res.status(201).json({
        '@odata.context': context(`users('${mailbox.id}')/messages/$entity`),
        ...selectOutlook(item.message, req, HIDDEN),
      });
    }),
  );

  router.get('/users/:userId/messages/:id', (req, res) =>
    handle(res, () => {
      const item = find(mailboxOf(res), String(req.params.id));
      if (!item) return notFound(res);
      res.json({ '@odata.context': context('messages/$entity'), ...view(item, req) });
    }),
  );

  // The message's MIME content (GET /messages/{id}/$value).
  router.get('/users/:userId/messages/:id/:segment', (req, res, next) => {
    if (req.params.segment !== '$value') return next();
    const item = find(mailboxOf(res), String(req.params.id));
    if (!item) return notFound(res);
    const m = item.message;
    const mime =
      item.mime ??
      [
        'MIME-Version: 1.0',
        `Subject: ${String(m.subject ?? '')}`,
        `Content-Type: ${(m.body as { contentType?: string })?.contentType === 'html' ? 'text/html' : 'text/plain'}; charset=utf-8`,
        '',
        String((m.body as { content?: string })?.content ?? ''),
      ].join('\r\n');
    res.type('message/rfc822').send(mime);
  });

  router.patch('/users/:userId/messages/:id', (req, res) =>
    handle(res, () => {
      const item = find(mailboxOf(res), String(req.params.id));
      if (!item) return notFound(res);
      const ifMatch = req.headers['if-match'];
      if (ifMatch && !matchesEtag(ifMatch, String(item.message.changeKey))) return conflict(res);
      const body = (req.body ?? {}) as Json;
      const m = item.message;
      if ('subject' in body) m.subject = String(body.subject ?? '');
      if ('body' in body) {
        m.body = itemBody(body.body);
        m.bodyPreview = preview(m.body as { contentType: string; content: string });
      }
      for (const k of ['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo']) {
        if (k in body) m[k] = recipients(body[k], k);
      }
      if ('isRead' in body) m.isRead = body.isRead === true;
      if ('internetMessageHeaders' in body && m.isDraft)
        m.internetMessageHeaders = customHeaders(body.internetMessageHeaders);
      for (const p of extendedProperties(body.singleValueExtendedProperties)) {
        const existing = item.extendedProperties.find((e) => sameProperty(e.id, p.id));
        if (existing) existing.value = p.value;
        else item.extendedProperties.push(p);
      }
      m.changeKey = changeKey();
      m.lastModifiedDateTime = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      store.changed();
      res.json({ '@odata.context': context('messages/$entity'), ...selectOutlook(m, req, HIDDEN) });
    }),
  );

  router.delete('/users/:userId/messages/:id', (req, res) =>
    handle(res, () => {
      const item = find(mailboxOf(res), String(req.params.id));
      if (!item) return notFound(res);
      messages().splice(messages().indexOf(item), 1);
      store.changed();
      res.status(204).end();
    }),
  );

  router.post('/users/:userId/messages/:id/send', (req, res) =>
    handle(res, () => {
      const mailbox = mailboxOf(res);
      const item = find(mailbox, String(req.params.id));
      // A draft that was sent is gone from Drafts: sending it again finds nothing.
      if (!item) return notFound(res);
      if (!item.message.isDraft) {
        return sendGraphError(
          res,
          400,
          'ErrorInvalidOperation',
          'Only a draft message can be sent.',
        );
      }
      if (send(mailbox, item.message, item.extendedProperties, true, res, item.mime)) {
        messages().splice(messages().indexOf(item), 1);
        store.changed();
        res.status(202).end();
      }
    }),
  );

  router.get('/users/:userId/mailFolders/:folder', (req, res) => {
    const mailbox = mailboxOf(res);
    const folder = folderOf(mailbox.id, String(req.params.folder));
    if (!folder) return notFound(res);
    const items = messages().filter((m) => m.mailboxId === mailbox.id && m.folder === folder);
    res.json({
      '@odata.context': context('mailFolders/$entity'),
      id: folderId(mailbox.id, folder),
      displayName: FOLDERS[folder],
      parentFolderId: folderId(mailbox.id, 'inbox').replace(/.{4}$/, 'AAAA'),
      childFolderCount: 0,
      unreadItemCount: items.filter((m) => m.message.isRead === false).length,
      totalItemCount: items.length,
      isHidden: false,
    });
  });

  const list = (req: Request, res: Response) =>
    handle(res, () => {
      const mailbox = mailboxOf(res);
      const folderParam = req.params.folder === undefined ? undefined : String(req.params.folder);
      const folder = folderParam === undefined ? undefined : folderOf(mailbox.id, folderParam);
      if (folderParam !== undefined && !folder) return notFound(res);
      const paging = parseTopSkip(req, 10, 1000);
      const filter = messageFilter(queryParam(req, '$filter'));
      const items = messages()
        .filter((m) => m.mailboxId === mailbox.id && (!folder || m.folder === folder))
        .filter(filter);
      sortMessages(items, queryParam(req, '$orderby'));
      const self = new URL(req.originalUrl, baseUrl());
      res.json(
        pageBySkip(
          items.map((m) => view(m, req)),
          paging,
          context(`users('${mailbox.id}')/messages`),
          self,
        ),
      );
    });
  router.get('/users/:userId/messages', list);
  router.get('/users/:userId/mailFolders/:folder/messages', list);

  return router;
}

function notFound(res: Response): void {
  sendGraphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function conflict(res: Response): void {
  sendGraphError(
    res,
    409,
    'ErrorIrresolvableConflict',
    'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
  );
}

/** A message as Graph returns it, with any $expand=singleValueExtendedProperties($filter=id eq '...'). */
function view(item: StoredMessage, req: Request): Json {
  const out = selectOutlook(item.message, req, HIDDEN);
  const expand = queryParam(req, '$expand');
  if (expand) {
    const match =
      /^singleValueExtendedProperties\(\s*\$filter\s*=\s*id\s+eq\s+'((?:[^']|'')*)'\s*\)$/i.exec(
        expand.trim(),
      );
    if (!match)
      throw new UnsupportedQueryError(
        `Parsing OData Select and Expand failed: unsupported $expand '${expand}'.`,
      );
    const wanted = (match[1] ?? '').replace(/''/g, "'");
    const found = item.extendedProperties.filter((p) => sameProperty(p.id, wanted));
    if (found.length) out.singleValueExtendedProperties = found;
  }
  return out;
}

const quoted = "'((?:[^']|'')*)'";
const EXTENDED_ANY = new RegExp(
  `^singleValueExtendedProperties\\/any\\(\\s*(\\w+)\\s*:\\s*\\1\\/id\\s+eq\\s+${quoted}\\s+and\\s+\\1\\/value\\s+eq\\s+${quoted}\\s*\\)$`,
  'i',
);
const STRING_EQ = new RegExp(
  `^(subject|internetMessageId|conversationId)\\s+eq\\s+${quoted}$`,
  'i',
);
const BOOL_EQ = /^(isDraft|isRead)\s+eq\s+(true|false)$/i;

function messageFilter(filter: string | undefined): (m: StoredMessage) => boolean {
  if (!filter) return () => true;
  const text = filter.trim();
  const unquote = (s: string | undefined) => (s ?? '').replace(/''/g, "'");
  let match = EXTENDED_ANY.exec(text);
  if (match) {
    const id = unquote(match[2]);
    const value = unquote(match[3]);
    return (m) => m.extendedProperties.some((p) => sameProperty(p.id, id) && p.value === value);
  }
  match = STRING_EQ.exec(text);
  if (match) {
    const prop = (match[1] ?? '').toLowerCase();
    const key =
      prop === 'internetmessageid'
        ? 'internetMessageId'
        : prop === 'conversationid'
          ? 'conversationId'
          : 'subject';
    const value = unquote(match[2]).toLowerCase();
    return (m) => String(m.message[key] ?? '').toLowerCase() === value;
  }
  match = BOOL_EQ.exec(text);
  if (match) {
    const key = (match[1] ?? '').toLowerCase() === 'isdraft' ? 'isDraft' : 'isRead';
    const value = (match[2] ?? '').toLowerCase() === 'true';
    return (m) => m.message[key] === value;
  }
  throw new UnsupportedQueryError('The query filter contains one or more invalid nodes.');
}

function sortMessages(items: StoredMessage[], orderby: string | undefined): void {
  const match =
    /^\s*(receivedDateTime|sentDateTime|createdDateTime|lastModifiedDateTime)(?:\s+(asc|desc))?\s*$/i.exec(
      orderby ?? 'receivedDateTime desc',
    );
  if (!match) throw new UnsupportedQueryError(`The $orderby '${orderby}' is not supported.`);
  const key = ['receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime'].find(
    (k) => k.toLowerCase() === (match[1] ?? '').toLowerCase(),
  ) as string;
  const sign = (match[2] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  // Stable: items of the same second keep the order they arrived in.
  const indexed = items.map((m, i) => ({ m, i }));
  indexed.sort((a, b) => {
    const x = String(a.m.message[key] ?? '');
    const y = String(b.m.message[key] ?? '');
    return x === y ? (a.i - b.i) * sign : x < y ? -sign : sign;
  });
  items.splice(0, items.length, ...indexed.map((e) => e.m));
}
