import type { Role } from '@pathways/core';

/**
 * Who may call each route of the service: the access policy as the tests
 * hold it. The app enforces it with authenticate/requireRole; the matrix test
 * (bot/src/platform/http/access.test.ts) checks every route against every role, and
 * fails on any registered route missing here, so a new route must be placed.
 *
 * - `public`: anyone, no token (pages, health, what the sign-in needs).
 * - `bot`: the Bot Framework channel only (its own token, checked by botbuilder).
 * - `signed-in`: any person with a valid token, whatever their roles.
 * - a list of roles: a valid token holding at least one of them.
 */
export type Access = 'public' | 'bot' | 'signed-in' | readonly Role[];

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /': 'public',
  'GET /favicon.ico': 'public',
  'GET /privacy': 'public',
  'GET /terms': 'public',
  'GET /api/config': 'public',
  'POST /api/messages': 'bot',
  'GET /api/me': 'signed-in',
  'GET /api/audit/verification': ['Administrator'],
  'GET /api/people/:personId/export': ['Administrator'],
  'GET /api/queue': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'GET /api/queue/facets': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'GET /api/forms/:formId': 'signed-in',
  'GET /api/records/:type/:id': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'POST /api/records/:type/:id/evidence': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/activities': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/recommendations': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/outcome': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/kloe/:id/triage/:formId': ['BusinessUnit'],
  'GET /api/my/submissions': 'signed-in',
  'POST /api/kloes': 'signed-in',
  'POST /api/kloes/from-email': 'signed-in',
  'GET /api/reports/quarterly': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'GET /api/reports/quarterly.docx': [
    'BusinessUnit',
    'EngineRoom',
    'DevelopmentManager',
    'Executive',
  ],
  'GET /api/serious-cases': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'GET /api/serious-cases/:id': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'GET /api/serious-cases/:id/details': ['BusinessUnit', 'EngineRoom'],
  'POST /api/serious-cases/:id/events': ['BusinessUnit', 'EngineRoom'],
  'POST /api/serious-cases/:id/recommendations': ['BusinessUnit', 'EngineRoom'],
  'GET /api/recommendations': ['DevelopmentManager', 'EngineRoom', 'BusinessUnit', 'Executive'],
  'GET /api/recommendations.csv': ['DevelopmentManager', 'EngineRoom', 'BusinessUnit', 'Executive'],
  'GET /api/recommendations/:id': ['DevelopmentManager', 'EngineRoom', 'BusinessUnit', 'Executive'],
  'PATCH /api/recommendations/:id': ['DevelopmentManager'],
  'POST /api/recommendations/:id/impact': ['EngineRoom'],
  'GET /api/measures': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'GET /api/briefings/form': ['BusinessUnit'],
  'POST /api/briefings/preview': ['BusinessUnit'],
  'POST /api/briefings': ['BusinessUnit'],
  'GET /api/briefings/audience': ['BusinessUnit'],
  'POST /api/briefings/:id/send': ['BusinessUnit'],
  'POST /api/briefings/:id/cancel': ['BusinessUnit'],
  'POST /api/briefings/newsletter': ['BusinessUnit'],
  'GET /api/briefings': ['BusinessUnit', 'DevelopmentManager'],
  'GET /api/briefings/:id': ['BusinessUnit', 'DevelopmentManager'],
  'GET /api/briefings/:id/recipients': ['BusinessUnit', 'DevelopmentManager'],
  'GET /api/lead/briefings': ['AgencyLead'],
  'GET /api/lead/briefings/:id': ['AgencyLead'],
  'POST /api/lead/briefings/:id/acknowledgement': ['AgencyLead'],
  'POST /api/lead/briefings/:id/cascades': ['AgencyLead'],
  'POST /api/lead/briefings/:id/impact': ['AgencyLead'],
  'GET /api/active-learning': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'POST /api/active-learning': ['BusinessUnit'],
  'GET /api/active-learning/nominations/mine': ['AgencyLead'],
  'GET /api/active-learning/:id': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'POST /api/active-learning/:id/nominations': ['AgencyLead'],
  'POST /api/active-learning/:id/chase': ['BusinessUnit'],
  'GET /api/active-learning/:id/proposed-times': ['BusinessUnit'],
  'POST /api/active-learning/:id/meeting': ['BusinessUnit'],
  'POST /api/active-learning/:id/attendance': ['BusinessUnit'],
  // A lead only for an agency they were asked to nominate for (nominating-from-outlook.test.ts).
  'GET /api/people': ['BusinessUnit', 'EngineRoom', 'AgencyLead'],
  'POST /api/records/:type/:id/invitations': ['BusinessUnit', 'EngineRoom'],
  'GET /api/reports/newsletter': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'GET /api/reports/newsletter/draft': [
    'BusinessUnit',
    'EngineRoom',
    'DevelopmentManager',
    'Executive',
  ],
  'GET /api/reports/newsletter/versions/:version': [
    'BusinessUnit',
    'EngineRoom',
    'DevelopmentManager',
    'Executive',
  ],
  'POST /api/reports/newsletter': ['BusinessUnit', 'DevelopmentManager'],
  'GET /api/circulation': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
  'POST /api/circulation/events': ['BusinessUnit'],
  'POST /api/circulation/done': ['BusinessUnit'],
};

/** A request path for a route pattern (`:id` filled in). */
export function samplePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, 'sample-$1');
}

/**
 * Who may take each Adaptive Card action (Action.Execute verb) the bot acts
 * on: the card half of the role-by-endpoint matrix. The roles are the
 * caller's as the directory holds them (Teams says who acted; Graph says what
 * they hold), never anything the card's data claims. The matrix test
 * (bot/src/platform/teams/card-action-matrix.test.ts) takes every action as every role
 * and fails on any verb the bot accepts that is missing here.
 *
 * The "Raise as KLOE" message-extension action is here too, as
 * `<invoke name> <command id>` for each command the app manifest declares:
 * Teams sends `composeExtension/fetchTask` to open its dialog and
 * `composeExtension/submitAction` when the dialog is sent.
 *
 * - `anyone`: anyone Teams identifies in the tenant, with or without a role.
 * - `submitter`: only the person who raised the record the card is about.
 * - `addressee`: only the person the card was sent to (the lead asked to
 *   nominate for Active Learning; the person invited to the Engine Room).
 * - a list of roles: a caller holding at least one of them.
 */
export type CardAccess = 'anyone' | 'submitter' | 'addressee' | readonly Role[];

const KLOE_READERS = ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'] as const;

export const CARD_ACTION_ACCESS: Record<string, CardAccess> = {
  'kloe.submit': 'anyone',
  'kloe.refresh': KLOE_READERS,
  'kloe.accept': ['BusinessUnit'],
  'kloe.ask': ['BusinessUnit'],
  'kloe.decline': ['BusinessUnit'],
  'kloe.link': ['BusinessUnit'],
  'kloe.answer': 'submitter',
  'consideration.step': 'anyone',
  'consideration.back': 'anyone',
  'consideration.restart': 'anyone',
  'consideration.submit': 'anyone',
  'challenge.submit': 'anyone',
  'active-learning.nominate': 'addressee',
  'engine-room.invitation.answer': 'addressee',
  // Which partnership a chat is for (platform/partnerships/teams-router.ts): anyone in it.
  'partnership.choose': 'anyone',
  'composeExtension/fetchTask raiseKloe': 'anyone',
  'composeExtension/submitAction raiseKloe': 'anyone',
};
