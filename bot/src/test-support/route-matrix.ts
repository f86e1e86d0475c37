import type { Role } from '@pathways/core';

/**
 * Who may call each route of the service: the access policy as the tests
 * hold it. The app enforces it with authenticate/requireRole; the matrix test
 * (bot/src/http/access.test.ts) checks every route against every role, and
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
  'GET /privacy': 'public',
  'GET /terms': 'public',
  'GET /api/config': 'public',
  'POST /api/messages': 'bot',
  'GET /api/me': 'signed-in',
  'GET /api/audit/verification': ['Administrator'],
  'GET /api/queue': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'GET /api/queue/facets': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'GET /api/forms/:formId': 'signed-in',
  'GET /api/records/:type/:id': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'],
  'POST /api/records/:type/:id/evidence': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/activities': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/recommendations': ['BusinessUnit', 'EngineRoom'],
  'POST /api/records/:type/:id/outcome': ['BusinessUnit', 'EngineRoom'],
  'GET /api/my/submissions': 'signed-in',
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
  'GET /api/measures': ['BusinessUnit', 'EngineRoom', 'DevelopmentManager', 'Executive'],
};

/** A request path for a route pattern (`:id` filled in). */
export function samplePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, 'sample-$1');
}
