import {
  engineRoomInvitationForm,
  identifyingWarnings,
  londonDate,
  validateForm,
  type RecordType,
} from '@pathways/core';
import { requireRole } from '../platform/http/access';
import { asyncRoute, problem } from '../platform/http/problems';
import { person, recordTypes, uuid, type AddRoutes } from './route-kit';

const noRecord = 'That record does not exist, or you cannot see it.';

/** Invitations to attend the Engine Room, sent by the Business Unit or the Engine Room. */
export const invitationRoutes: AddRoutes = (router, deps, now) => {
  router.post(
    '/records/:type/:id/invitations',
    deps.signedIn,
    requireRole('BusinessUnit', 'EngineRoom'),
    asyncRoute(async (req, res) => {
      const type = String(req.params.type);
      const id = String(req.params.id);
      if (!(recordTypes as readonly string[]).includes(type) || !uuid.test(id))
        return problem(res, 404, 'NotFound', noRecord);
      const input = (req.body ?? {}) as Record<string, unknown>;
      const result = validateForm(engineRoomInvitationForm, deps.partnership, input, {
        today: londonDate(now()),
      });
      if (!result.ok) return void res.status(422).json({ errors: result.errors });
      const v = result.values;
      const invitee = (await deps.organisations.peopleIn(v.agency!)).find(
        (p) => p.id === v.personId,
      );
      if (!invitee)
        return void res
          .status(422)
          .json({ errors: { personId: `Choose someone from ${v.agency}` } });
      const warnings = identifyingWarnings(engineRoomInvitationForm, v);
      if (warnings.length > 0 && input.confirmChecked !== 'true')
        return void res.status(422).json({ errors: {}, warnings });
      const outcome = await deps.store.invite(
        type as RecordType,
        id,
        { agency: v.agency!, person: invitee, meetingDate: v.meetingDate!, note: v.note },
        person(res),
        now(),
      );
      if (outcome === 'not-found') return problem(res, 404, 'NotFound', noRecord);
      res.status(201).json(await deps.recordDetail(type as RecordType, id));
    }),
  );
};
