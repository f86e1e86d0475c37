import { NOMINATION_HEADER, nominationRequestMail, type Mailer } from '@pathways/core';
import type { Kysely, Selectable } from 'kysely';
import { executorFor } from '../platform/db/database';
import type { Tables } from '../platform/db/schema';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { StoreContext } from './store-context';

/** One queue for the cards Active Learning sends to people's chats. */
export const ACTIVE_LEARNING_CARDS_QUEUE = 'active-learning-cards';

export type CardJob =
  | { kind: 'nomination'; leadRowId: string; round: number }
  | { kind: 'invitation'; invitationId: string };

export type SetRow = Selectable<Tables['active_learning_sets']>;

/**
 * Asks one lead to nominate (round 0) or chases them (round 1 on): the card (a job) and, when
 * there is a mailbox, an email (a Graph side effect), both in the caller's transaction.
 */
export async function askLead(
  { jobs, partnership }: Pick<StoreContext, 'jobs' | 'partnership'>,
  trx: Kysely<Tables>,
  set: SetRow,
  lead: { id: string; agency: string; lead_mail: string | null; lead_name: string },
  round: number,
  mailer: Mailer,
) {
  const job: CardJob = { kind: 'nomination', leadRowId: lead.id, round };
  await jobs.enqueue(executorFor(trx), ACTIVE_LEARNING_CARDS_QUEUE, job);
  if (!mailer.mailbox || !lead.lead_mail) return;
  const mail = nominationRequestMail({
    set: {
      kind: set.kind,
      theme: set.theme,
      description: set.description,
      plannedFrom: set.planned_from,
      plannedTo: set.planned_to,
      nominationsBy: set.nominations_by,
    },
    partnership: {
      shortName: mailer.partnership.shortName,
      primaryColour: mailer.partnership.brand.primaryColour,
    },
    agency: lead.agency,
    reminder: round > 0,
    link: mailer.nominationLink?.(set.id),
  });
  const key = `active-learning:${set.id}:lead:${lead.id}:round:${round}`;
  await enqueueGraphSideEffect(trx, jobs as JobQueue, {
    partnershipId: partnership.id,
    key,
    kind: 'mail.send',
    mail: {
      from: mailer.mailbox,
      key,
      subject: mail.subject,
      body: { contentType: 'html', content: mail.html },
      to: [{ address: lead.lead_mail, name: lead.lead_name }],
      // The Outlook add-in, opened on this email, recognises the request by it.
      headers: [{ name: NOMINATION_HEADER, value: set.id }],
    },
  });
}
