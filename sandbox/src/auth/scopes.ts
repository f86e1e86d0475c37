// Turns an OAuth `scope` parameter into the audience and permissions of the token,
// the way Entra ID does: one resource per request, `.default` means "everything consented".
import { BOT_FRAMEWORK_AUDIENCE, GRAPH_AUDIENCE } from './tokens';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** What the sandbox tenant's admin has "consented" to. */
export const GRAPH_DELEGATED_DEFAULT = ['User.Read', 'User.ReadBasic.All'];
export const GRAPH_APPLICATION_DEFAULT = ['User.Read.All'];

export interface ResolvedScope {
  audience: string;
  /** Permission names asked for; ['.default'] when the caller used /.default. */
  permissions: string[];
  isDefault: boolean;
}

export class ScopeError extends Error {}

function split(scope: string): { resource: string | undefined; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash < 0) return { resource: undefined, permission: scope };
  return { resource: scope.slice(0, slash), permission: scope.slice(slash + 1) };
}

function normaliseResource(resource: string | undefined): string {
  if (resource === undefined) return GRAPH_AUDIENCE; // bare names like User.Read are Graph's
  const r = resource.replace(/\/+$/, '');
  if (r === GRAPH_AUDIENCE || r === GRAPH_APP_ID || r === 'https://graph.microsoft.com/v1.0') {
    return GRAPH_AUDIENCE;
  }
  if (r === BOT_FRAMEWORK_AUDIENCE) return BOT_FRAMEWORK_AUDIENCE;
  return r;
}

/** `fallbackAudience` applies when only OIDC scopes (or none) were asked for. */
export function resolveScope(scope: string | undefined, fallbackAudience: string): ResolvedScope {
  const wanted = (scope ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (wanted.length === 0) {
    return { audience: fallbackAudience, permissions: ['access_as_user'], isDefault: false };
  }
  const parts = wanted.map(split);
  const audiences = new Set(parts.map((p) => normaliseResource(p.resource)));
  if (audiences.size > 1) {
    throw new ScopeError('Scopes for more than one resource were requested in one token request.');
  }
  const permissions = parts.map((p) => p.permission);
  return {
    audience: [...audiences][0] as string,
    permissions,
    isDefault: permissions.includes('.default'),
  };
}
