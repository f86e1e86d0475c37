import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, graphCall, isNotFound } from './graph-errors';
import { RetryControl, retryDelayMs, type RetryPolicy } from './retry';
import type { ClientLimits } from './client-limits';
import { buildMime, type MimeFile } from './mime';

/** Our own internet message header: recipients' Outlook add-in reads it too. */
export const PATHWAYS_KEY_HEADER = 'x-pathways-key';
/**
 * The same key as a named extended property in our own property set: Graph can filter
 * messages by it in Drafts and in Sent Items (internetMessageHeaders cannot be filtered).
 */
export const PATHWAYS_KEY_PROPERTY =
  'String {7d3b8f52-54a4-4c43-9d1e-6a1a4f0c2b91} Name PathwaysKey';

export interface MailRecipient {
  address: string;
  name?: string;
}

export interface OutgoingMail {
  /** The mailbox it is sent from (object id or userPrincipalName). */
  from: string;
  /** Unique per message we mean to send once: a retry with the same key never sends twice. */
  key: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  to: MailRecipient[];
  cc?: MailRecipient[];
  bcc?: MailRecipient[];
  /** More x- headers (besides our key), e.g. x-pathways-briefing; at most 4. */
  headers?: { name: string; value: string }[];
  /**
   * A plain-text part beside an HTML body, inline images (cid:) and attachments: the draft
   * is then made in MIME format, the only way Graph takes multipart/alternative.
   */
  alternativeText?: string;
  inline?: MimeFile[];
  attachments?: MimeFile[];
}

function needsMime(mail: OutgoingMail): boolean {
  return (
    mail.alternativeText !== undefined ||
    (mail.inline?.length ?? 0) > 0 ||
    (mail.attachments?.length ?? 0) > 0
  );
}

/** Progress a job stores between attempts (see graph side effects). */
export interface MailProgress {
  draftId?: string;
  /** Set before the send is asked for: from then on, a missing draft means "sent". */
  sendRequested?: boolean;
}

export interface Checkpoint<S> {
  state: S;
  save(state: S): Promise<void>;
}

export type SendOutcome = { status: 'sent' | 'already-sent'; sentItemId: string | undefined };

/** Sent, but Exchange has not shown the copy in Sent Items yet: look again later. */
export class MailNotYetVisibleError extends Error {
  constructor() {
    super('The message was handed to Exchange; its Sent Items copy is not visible yet.');
    this.name = 'MailNotYetVisibleError';
  }
}

export interface Mail {
  /**
   * Sends once per key: a draft carrying our key, then send; before any retry it looks
   * for the key in Sent Items. sendMail is never used: it has no id and the SDK can
   * re-POST it.
   */
  send(mail: OutgoingMail, progress?: Checkpoint<MailProgress>): Promise<SendOutcome>;
  /** The message in a folder ('drafts', 'sentitems') carrying our key, if any. */
  findByKey(
    mailbox: string,
    folder: 'drafts' | 'sentitems',
    key: string,
  ): Promise<string | undefined>;
}

const recipients = (list: MailRecipient[] | undefined) =>
  (list ?? []).map((r) => ({
    emailAddress: { address: r.address, ...(r.name ? { name: r.name } : {}) },
  }));

function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function graphMail(client: Client, policy: RetryPolicy, limits?: ClientLimits): Mail {
  const user = (id: string) => `/users/${encodeURIComponent(id)}`;

  async function findByKey(mailbox: string, folder: 'drafts' | 'sentitems', key: string) {
    const filter = `singleValueExtendedProperties/any(ep: ep/id eq ${quoted(PATHWAYS_KEY_PROPERTY)} and ep/value eq ${quoted(key)})`;
    const page = await graphCall<{ value: { id: string }[] }>(() =>
      client
        .api(`${user(mailbox)}/mailFolders/${folder}/messages`)
        .filter(filter)
        .select('id')
        .top(1)
        .get(),
    );
    return page.value[0]?.id;
  }

  async function draftStillThere(mailbox: string, id: string): Promise<boolean> {
    try {
      const m = await graphCall<{ isDraft?: boolean }>(() =>
        client
          .api(`${user(mailbox)}/messages/${encodeURIComponent(id)}`)
          .select('id,isDraft')
          .get(),
      );
      return m.isDraft !== false;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async function createDraft(mail: OutgoingMail): Promise<{ id: string }> {
    const headers = [{ name: PATHWAYS_KEY_HEADER, value: mail.key }, ...(mail.headers ?? [])];
    const keyProperty = [{ id: PATHWAYS_KEY_PROPERTY, value: mail.key }];
    if (!needsMime(mail)) {
      return graphCall<{ id: string }>(() =>
        client.api(`${user(mail.from)}/messages`).post({
          subject: mail.subject,
          body: mail.body,
          toRecipients: recipients(mail.to),
          ccRecipients: recipients(mail.cc),
          bccRecipients: recipients(mail.bcc),
          internetMessageHeaders: headers,
          singleValueExtendedProperties: keyProperty,
        }),
      );
    }
    const mailbox = await graphCall<{ mail?: string | null; displayName?: string | null }>(() =>
      client.api(user(mail.from)).select('mail,displayName').get(),
    );
    const mime = await buildMime({
      from: {
        address: mailbox.mail ?? mail.from,
        ...(mailbox.displayName ? { name: mailbox.displayName } : {}),
      },
      to: mail.to,
      ...(mail.cc ? { cc: mail.cc } : {}),
      ...(mail.bcc ? { bcc: mail.bcc } : {}),
      subject: mail.subject,
      headers,
      text: mail.alternativeText ?? mail.body.content,
      ...(mail.body.contentType === 'html' ? { html: mail.body.content } : {}),
      ...(mail.inline ? { inline: mail.inline } : {}),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
    const draft = await graphCall<{ id: string }>(() =>
      client
        .api(`${user(mail.from)}/messages`)
        .header('Content-Type', 'text/plain')
        // A 503 after a create leaves at most an unmarked draft that is never sent.
        .post(Buffer.from(mime, 'utf8').toString('base64')),
    );
    // A MIME draft cannot carry extended properties: mark it with our key straight after.
    await graphCall(() =>
      client
        .api(`${user(mail.from)}/messages/${encodeURIComponent(draft.id)}`)
        .patch({ singleValueExtendedProperties: keyProperty }),
    );
    return draft;
  }

  const recipientCount = (mail: OutgoingMail) =>
    mail.to.length + (mail.cc?.length ?? 0) + (mail.bcc?.length ?? 0);

  return {
    findByKey,
    async send(mail, progress) {
      let state: MailProgress = { ...progress?.state };
      const save = async (next: MailProgress) => {
        state = next;
        await progress?.save(next);
      };
      for (let attempt = 1; ; attempt += 1) {
        const sent = await findByKey(mail.from, 'sentitems', mail.key);
        if (sent) return { status: attempt === 1 ? 'already-sent' : 'sent', sentItemId: sent };

        let draftId = state.draftId;
        if (draftId && !(await draftStillThere(mail.from, draftId))) draftId = undefined;
        draftId ??= await findByKey(mail.from, 'drafts', mail.key);
        if (!draftId) {
          // The send was asked for and the draft is gone: it went. Never send it again.
          if (state.sendRequested) throw new MailNotYetVisibleError();
          const draft = await createDraft(mail);
          draftId = draft.id;
        }
        const paced = await limits?.send(mail.from, recipientCount(mail));
        await save({ draftId, sendRequested: true });
        try {
          try {
            await graphCall(() =>
              client
                .api(`${user(mail.from)}/messages/${encodeURIComponent(draftId)}/send`)
                // Retried here, after a look in Sent Items, not by the middleware.
                .middlewareOptions([new RetryControl({ retry: false })])
                .post(null),
            );
          } finally {
            paced?.();
          }
          return { status: 'sent', sentItemId: await findByKey(mail.from, 'sentitems', mail.key) };
        } catch (error) {
          if (!(error instanceof GraphRequestError)) throw error;
          if (!error.transient && !isNotFound(error)) throw error;
          const delay = retryDelayMs(policy, attempt, error.retryAfterMs);
          if (delay === undefined) throw error;
          await policy.sleep(delay);
        }
      }
    },
  };
}
