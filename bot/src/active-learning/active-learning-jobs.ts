import { engineRoomInvitationCard, nominationRequestCard, type Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import { conversationReferences } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import type {
  OutgoingMessage,
  PostedActivity,
  TeamsGateway,
} from '../platform/teams/teams-contract';
import { nominationRequests, type ActiveLearningDependencies } from './active-learning-handlers';
import type { CardJob } from './active-learning-store';

export interface CardTarget {
  serviceUrl: string;
  tenantId: string;
}

/**
 * Sends Active Learning's cards to people's 1:1 chats with Pathways. A card
 * already sent (its ids stored) is not sent again when the job is retried.
 */
export function sendActiveLearningCards(
  deps: ActiveLearningDependencies & {
    db: Kysely<Tables>;
    teams: TeamsGateway;
    target: CardTarget;
    partnership: Partnership;
  },
) {
  const sendTo = async (personId: string, message: OutgoingMessage): Promise<PostedActivity> => {
    const chat = await conversationReferences(deps.db).find(deps.partnership.id, personId);
    return chat
      ? deps.teams.sendToConversation(chat, message)
      : deps.teams.sendToPerson(deps.target.serviceUrl, deps.target.tenantId, personId, message);
  };
  return async (job: CardJob): Promise<void> => {
    if (job.kind === 'nomination') {
      const lead = await deps.store.leadRow(job.leadRowId);
      if (!lead || lead.cards_sent > job.round) return;
      const [request] = await nominationRequests(deps, lead.lead_id, lead.set_id);
      if (!request) return;
      const card = nominationRequestCard(
        request,
        deps.partnership,
        { values: {} },
        {
          reminder: job.round > 0,
        },
      );
      const posted = await sendTo(lead.lead_id, { card });
      await deps.store.markCardSent(lead.id, job.round, posted);
      return;
    }
    const row = await deps.store.invitationRow(job.invitationId);
    if (!row || row.card_activity_id) return;
    const card = engineRoomInvitationCard(
      {
        id: row.id,
        reference: row.reference,
        title: row.title,
        agency: row.agency,
        meetingDate: row.meeting_date,
        note: row.note,
        invitedBy: row.invited_by_name,
      },
      deps.partnership,
    );
    await deps.store.markInvitationSent(row.id, await sendTo(row.person_id, { card }));
  };
}
