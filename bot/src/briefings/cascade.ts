import {
  agencyLeadGroups,
  BRIEFING_HEADER,
  isNewsletter,
  londonDate,
  recommendationsOf,
  renderBriefingEmail,
  type BriefingContent,
  type Partnership,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import { enqueueGraphSideEffect, GRAPH_SIDE_EFFECTS_QUEUE } from '../platform/graph/side-effects';
import type { DirectoryUser, UsersAndGroups } from '../platform/graph/users';
import type { OutgoingMail } from '../platform/graph/mail';
import type { Logger } from '../platform/logging';
import type { Recommendations } from '../recommendations';

/**
 * A briefing's recommendations are for every agency and carry no date of their own: they are
 * tracked (Recommendations view, Planner) as due a quarter after sending, the partnership's
 * reporting cycle, when the Development Manager reviews them.
 */
export const BRIEFING_RECOMMENDATION_DUE_MONTHS = 3;
export const BRIEFING_RECOMMENDATION_OWNER = 'All agencies';

/** Exchange's limit on recipients per message (To, Cc and Bcc together). */
export const MAX_RECIPIENTS_PER_MESSAGE = 500;

export interface Recipient {
  userId: string;
  agency: string;
  name: string;
  address: string;
}

/**
 * Everyone on the partnership's circulation lists (each listed agency's safeguarding leads
 * groups), once each, under the agency's current name: a person in two agencies' groups is
 * reached once, counted with the first agency listed.
 */
export async function resolveCirculation(
  partnership: Partnership,
  users: Pick<UsersAndGroups, 'groupMembers'>,
): Promise<Recipient[]> {
  const seenIds = new Set<string>();
  const seenAddresses = new Set<string>();
  const out: Recipient[] = [];
  for (const list of agencyLeadGroups(partnership)) {
    const members: DirectoryUser[] = await users.groupMembers(list.groupId);
    for (const m of members) {
      const address = m.mail?.trim();
      if (!address) continue; // no mailbox: nothing to send to
      const key = address.toLowerCase();
      if (seenIds.has(m.id) || seenAddresses.has(key)) continue;
      seenIds.add(m.id);
      seenAddresses.add(key);
      out.push({ userId: m.id, agency: list.agency, name: m.displayName, address });
    }
  }
  return out;
}

/** As few messages as Exchange allows: each carries up to 500 recipients, all in Bcc. */
export function chunk<T>(items: T[], size = MAX_RECIPIENTS_PER_MESSAGE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sameRequest = (requestedAt: Date | null, jobRequestedAt: string) =>
  requestedAt !== null && new Date(requestedAt).getTime() === new Date(jobRequestedAt).getTime();

export const messageKey = (briefingId: string, chunkNumber: number) =>
  `briefing:${briefingId}:message:${chunkNumber}`;

export interface CascadeDeps {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>;
  partnership: Partnership;
  users: Pick<UsersAndGroups, 'groupMembers'>;
  /** The Business Unit's mailbox the briefing is sent from (object id or UPN). */
  mailbox: string;
  /** The partnership's logo, for an inline part of the message. */
  logo: () => Promise<Buffer | undefined>;
  logger?: Logger;
  /** Where the briefing's recommendations are tracked alongside every other source's. */
  recommendations?: Pick<Recommendations, 'add'>;
}

/**
 * The job that decides a briefing's cascade: resolves the circulation lists (Graph reads),
 * then in one transaction stores every recipient and enqueues one mail side effect per
 * chunk of up to 500 (key per briefing and chunk: draft then send, Sent Items looked at
 * before any retry). A rerun after a crash finds the briefing prepared and does nothing.
 */
export function prepareCascade(deps: CascadeDeps) {
  const { db, partnership } = deps;
  return async (job: { briefingId: string; requestedAt?: string }): Promise<void> => {
    const row = await db
      .selectFrom('briefings')
      .selectAll()
      .where('id', '=', job.briefingId)
      .where('partnership_id', '=', partnership.id)
      .executeTakeFirst();
    if (!row || row.prepared_at !== null || row.status !== 'sending') return;
    // A send cancelled and requested again: only the latest request's job starts it.
    if (job.requestedAt && !sameRequest(row.send_requested_at, job.requestedAt)) return;

    const recipients = await resolveCirculation(partnership, deps.users);
    const note = row.note as BriefingContent;
    const email = renderBriefingEmail({
      partnership,
      note,
      reference: row.reference,
      logoSrc: 'cid:partnership-logo',
    });
    const logo = await deps.logo();
    const chunks = chunk(recipients);

    const decided = await db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('briefings')
        .select(['prepared_at', 'status', 'send_requested_at'])
        .where('id', '=', row.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.prepared_at !== null || locked.status !== 'sending') return false;
      // Cancelled (and perhaps requested again) while the circulation lists were read.
      if (job.requestedAt && !sameRequest(locked.send_requested_at, job.requestedAt)) return false;
      for (const [i, people] of chunks.entries()) {
        const n = i + 1;
        const mail: OutgoingMail = {
          from: deps.mailbox,
          key: messageKey(row.id, n),
          subject: email.subject,
          body: { contentType: 'html', content: email.html },
          alternativeText: email.text,
          to: [],
          bcc: people.map((p) => ({ address: p.address, name: p.name })),
          headers: [{ name: BRIEFING_HEADER, value: row.id }],
          ...(logo
            ? {
                inline: [
                  {
                    contentType: 'image/png',
                    filename: partnership.brand.logo.file,
                    contentBase64: logo.toString('base64'),
                    contentId: 'partnership-logo',
                  },
                ],
              }
            : {}),
          attachments: [
            {
              contentType: 'text/html',
              filename: `${row.reference}-large-print.html`,
              contentBase64: Buffer.from(email.largePrintHtml, 'utf8').toString('base64'),
            },
          ],
        };
        const { effectId } = await enqueueGraphSideEffect(trx, deps.jobs, {
          partnershipId: partnership.id,
          key: mail.key,
          kind: 'mail.send',
          mail,
        });
        await trx
          .insertInto('briefing_messages')
          .values({ briefing_id: row.id, chunk: n, effect_id: effectId, recipients: people.length })
          .execute();
        // In pages: one statement per 500 rows keeps within PostgreSQL's parameter limit.
        await trx
          .insertInto('briefing_recipients')
          .values(
            people.map((p) => ({
              briefing_id: row.id,
              user_id: p.userId,
              agency: p.agency,
              name: p.name,
              address: p.address,
              chunk: n,
            })),
          )
          .execute();
      }
      const preparedAt = new Date();
      // Sent (no longer cancellable): its recommendations are tracked from now, once, in the
      // transaction that decides the cascade.
      if (deps.recommendations && !isNewsletter(note)) {
        const due = new Date(preparedAt);
        due.setUTCMonth(due.getUTCMonth() + BRIEFING_RECOMMENDATION_DUE_MONTHS);
        for (const r of recommendationsOf(note)) {
          await deps.recommendations.add(trx, {
            source: 'briefing',
            record: { type: 'briefing', id: row.id, reference: row.reference },
            text: r.text,
            owningAgency: BRIEFING_RECOMMENDATION_OWNER,
            dueDate: londonDate(due),
            theme: note.theme,
            by: {
              aadObjectId: row.send_requested_by_id ?? row.created_by_id,
              name: row.created_by_name,
            },
            at: preparedAt,
          });
        }
      }
      await trx
        .updateTable('briefings')
        .set({ prepared_at: preparedAt })
        .where('id', '=', row.id)
        .execute();
      return true;
    });
    if (decided) {
      deps.jobs.wake(GRAPH_SIDE_EFFECTS_QUEUE);
      deps.logger?.info(
        { briefing: row.reference, recipients: recipients.length, messages: chunks.length },
        'briefing cascade decided',
      );
    }
  };
}

/**
 * Pressing send again on a cascade still "sending": whatever part of it has no job
 * waiting or running (deciding it, or any message not yet sent) gets one again, so a
 * cascade whose jobs ran out of retries moves on. Repeats nothing: the deciding job and
 * each message's effect are idempotent, and a part with a live job is left to it.
 */
export async function resumeCascade(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'ensure' | 'wake'>,
  briefing: { id: string; queue: string },
): Promise<void> {
  const row = await db
    .selectFrom('briefings')
    .select(['prepared_at', 'status'])
    .where('id', '=', briefing.id)
    .executeTakeFirst();
  if (!row || row.status !== 'sending') return;
  if (row.prepared_at === null) {
    if (await jobs.ensure(briefing.queue, { briefingId: briefing.id })) jobs.wake(briefing.queue);
    return;
  }
  const pending = await db
    .selectFrom('briefing_messages as m')
    .innerJoin('graph_side_effects as e', 'e.id', 'm.effect_id')
    .select('m.effect_id')
    .where('m.briefing_id', '=', briefing.id)
    .where('e.status', '=', 'pending')
    .execute();
  let enqueued = false;
  for (const { effect_id } of pending) {
    if (await jobs.ensure(GRAPH_SIDE_EFFECTS_QUEUE, { effectId: effect_id })) enqueued = true;
  }
  if (enqueued) jobs.wake(GRAPH_SIDE_EFFECTS_QUEUE);
}
