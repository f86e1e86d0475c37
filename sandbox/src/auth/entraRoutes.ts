// Stands in for Entra ID v2 under /{tenantId}: discovery, keys and the token endpoint.
import express, { type Request, type Response, Router } from 'express';
import type { Persona } from '../tenant/personas';
import {
  GRAPH_APPLICATION_DEFAULT,
  GRAPH_DELEGATED_DEFAULT,
  ResolvedScope,
  ScopeError,
  resolveScope,
} from './scopes';
import type { SigningKey } from './signingKey';
import { GRAPH_AUDIENCE, type TokenService } from './tokens';

export const PERSONA_GRANT = 'urn:pathways:sandbox:persona';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

class OAuthError extends Error {
  constructor(
    readonly error: string,
    description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

interface EntraDeps {
  baseUrl: () => string;
  tenantId: string;
  key: SigningKey;
  tokens: TokenService;
  personas: Persona[];
  /**
   * Everyone else in the directory who may sign in (seeded agency leads and partnership
   * people), with the roles their groups give them; not offered in the persona picker.
   */
  otherUsers?: Persona[];
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** client_id / client_secret from the form or from HTTP Basic auth, as Entra allows both. */
function clientCredentials(req: Request): { clientId?: string; clientSecret?: string } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return {
      clientId: id && decodeURIComponent(id),
      clientSecret: secret && decodeURIComponent(secret),
    };
  }
  return { clientId: field(body, 'client_id'), clientSecret: field(body, 'client_secret') };
}

function delegatedPermissions(scope: ResolvedScope): string[] {
  if (!scope.isDefault) return scope.permissions;
  return scope.audience === GRAPH_AUDIENCE ? GRAPH_DELEGATED_DEFAULT : ['access_as_user'];
}

export function entraRouter(deps: EntraDeps): Router {
  const router = Router();
  const base = () => `${deps.baseUrl()}/${deps.tenantId}`;
  const signInAs = (id: string | undefined) =>
    id === undefined
      ? undefined
      : (deps.personas.find((p) => p.id === id) ?? deps.otherUsers?.find((u) => u.id === id));

  router.get(`/${deps.tenantId}/v2.0/.well-known/openid-configuration`, (_req, res) => {
    res.json({
      issuer: deps.tokens.issuer,
      authorization_endpoint: `${base()}/oauth2/v2.0/authorize`,
      token_endpoint: `${base()}/oauth2/v2.0/token`,
      jwks_uri: `${base()}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'token id_token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      grant_types_supported: ['client_credentials', PERSONA_GRANT, OBO_GRANT],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'sandbox.local',
    });
  });

  router.get(`/${deps.tenantId}/discovery/v2.0/keys`, (_req, res) => {
    res.json({ keys: [deps.key.publicJwk] });
  });

  router.post(
    `/${deps.tenantId}/oauth2/v2.0/token`,
    express.urlencoded({ extended: false }),
    async (req: Request, res: Response) => {
      try {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const grant = field(body, 'grant_type');
        const { clientId, clientSecret } = clientCredentials(req);
        if (!clientId)
          throw new OAuthError('invalid_request', "The request must contain 'client_id'.");
        const scopeParam = field(body, 'scope');
        const scope = resolveScope(scopeParam, clientId);

        if (grant === PERSONA_GRANT) {
          const personaId = field(body, 'persona');
          const persona = signInAs(personaId);
          if (!persona) {
            throw new OAuthError(
              'invalid_grant',
              `No sandbox persona or directory user with id '${personaId ?? ''}'.`,
            );
          }
          res.json(await personaToken(deps.tokens, persona, clientId, scope, scopeParam));
        } else if (grant === 'client_credentials') {
          if (!clientSecret) {
            throw new OAuthError('invalid_client', "The request must contain 'client_secret'.");
          }
          if (!scope.isDefault) {
            throw new OAuthError(
              'invalid_scope',
              'Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
            );
          }
          const roles = scope.audience === GRAPH_AUDIENCE ? GRAPH_APPLICATION_DEFAULT : undefined;
          const claims = {
            aud: scope.audience,
            sub: clientId,
            oid: clientId,
            azp: clientId,
            appid: clientId,
            ...(roles ? { roles } : {}),
          };
          res.json(await deps.tokens.issue(claims, scopeParam ?? ''));
        } else if (grant === OBO_GRANT) {
          const assertion = field(body, 'assertion');
          const user = assertion
            ? await deps.tokens.verify(assertion).catch(() => undefined)
            : undefined;
          const persona = signInAs(user?.oid);
          if (!persona) {
            throw new OAuthError(
              'invalid_grant',
              'The assertion is not a valid sandbox user token.',
            );
          }
          res.json(await personaToken(deps.tokens, persona, clientId, scope, scopeParam));
        } else {
          throw new OAuthError(
            'unsupported_grant_type',
            `The sandbox does not support grant_type '${grant ?? ''}'.`,
          );
        }
      } catch (err) {
        const e =
          err instanceof OAuthError
            ? err
            : err instanceof ScopeError
              ? new OAuthError('invalid_scope', err.message)
              : new OAuthError('server_error', String(err), 500);
        res.status(e.status).json({ error: e.error, error_description: e.message });
      }
    },
  );

  router.get('/personas', (_req, res) => {
    res.json(deps.personas);
  });

  return router;
}

async function personaToken(
  tokens: TokenService,
  persona: Persona,
  clientId: string,
  scope: ResolvedScope,
  scopeParam: string | undefined,
) {
  // Graph tokens carry Graph's permissions; our own API's tokens carry Pathways app roles.
  const forOwnApi = scope.audience !== GRAPH_AUDIENCE;
  return tokens.issue(
    {
      aud: scope.audience,
      sub: persona.id,
      oid: persona.id,
      azp: clientId,
      preferred_username: persona.userPrincipalName,
      name: persona.displayName,
      scp: delegatedPermissions(scope).join(' '),
      ...(forOwnApi ? { roles: [...persona.roles] } : {}),
    },
    scopeParam ?? 'access_as_user',
  );
}
