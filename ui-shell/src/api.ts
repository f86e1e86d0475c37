import type { FormProblem } from '@pathways/core';
import { CHOOSE_PARTNERSHIP, partnershipHeaders } from './partnerships';
import type { Me, PathwaysConfig, Persona } from './types';

/** A failure we can show to the person as it is: `message` is plain English. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** The reply's JSON body, when it had one (a 422 carries the form's problems). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const unreachable =
  'Pathways could not reach its service. Check your connection, then try again. If it keeps happening, tell the Business Unit.';

async function request(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(unreachable);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === 'string' && message) {
      return new ApiError(
        message,
        response.status,
        typeof code === 'string' ? code : undefined,
        body,
      );
    }
  }
  if (response.status === 422) {
    return new ApiError('Some answers need changing.', response.status, 'FormProblem', body);
  }
  // OAuth-style errors from the sandbox token endpoint.
  const described = (body as { error_description?: unknown } | undefined)?.error_description;
  if (typeof described === 'string' && described) return new ApiError(described, response.status);
  if (response.status === 401 || response.status === 403) {
    return new ApiError('You are not signed in, or your sign-in has expired.', response.status);
  }
  return new ApiError(
    `The Pathways service could not do that just now (error ${response.status}). Please try again.`,
    response.status,
  );
}

async function json<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError('The Pathways service sent a reply this page could not read.');
  }
}

/** `GET /api/config`: which Microsoft 365 to sign in with, and which partnership this is. */
export async function getConfig(): Promise<PathwaysConfig> {
  return json<PathwaysConfig>(
    await request('/api/config', { headers: { Accept: 'application/json' } }),
  );
}

/** Which partnership an API client's calls act for, and what to do when the service asks. */
export interface PartnershipScope {
  /** Sent as the partnership header on every call; none when the service lists no partnerships. */
  id?: string | undefined;
  /** A call was refused with 409 ChoosePartnership: the person must choose. */
  onChoosePartnership?: (() => void) | undefined;
}

/**
 * Calls the Pathways API with a bearer token; a fresh token is asked for on every call. The one
 * place requests are made: each carries the token and, once known, the partnership header.
 */
export class ApiClient {
  constructor(
    private readonly getToken: () => Promise<string>,
    private readonly scope: PartnershipScope = {},
  ) {}

  /** The same sign-in, acting for a partnership. */
  forPartnership(scope: PartnershipScope): ApiClient {
    return new ApiClient(this.getToken, scope);
  }

  async get<T>(path: string): Promise<T> {
    return this.send<T>(path, { method: 'GET' });
  }

  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { ...headers, 'Content-Type': 'application/json' },
    });
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>(path, {
      method: 'PATCH',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });
  }

  /** Fetches a file (such as a Word document) with the bearer token, for saving. */
  async download(path: string, accept: string): Promise<{ blob: Blob; filename?: string }> {
    const response = await this.fetch(path, { method: 'GET' }, accept);
    const blob = await response.blob();
    const filename = filenameFrom(response.headers.get('Content-Disposition'));
    return filename ? { blob, filename } : { blob };
  }

  private async send<T>(path: string, init: RequestInit): Promise<T> {
    return json<T>(await this.fetch(path, init, 'application/json'));
  }

  private async fetch(path: string, init: RequestInit, accept: string): Promise<Response> {
    const token = await this.getToken();
    const headers = new Headers(init.headers);
    headers.set('Accept', accept);
    headers.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(partnershipHeaders(this.scope.id))) {
      headers.set(name, value);
    }
    try {
      return await request(path, { ...init, headers });
    } catch (error) {
      if (isChoosePartnership(error)) this.scope.onChoosePartnership?.();
      throw error;
    }
  }
}

/** The file name a server suggests (`attachment; filename="report.docx"`), if any. */
export function filenameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // Fall back to the plain form below.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
  return plain?.trim() || undefined;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function getMe(api: ApiClient): Promise<Me> {
  return api.get<Me>('/api/me');
}

function sandboxBase(config: PathwaysConfig): string {
  if (!config.sandboxUrl) {
    throw new ApiError(
      'The test sandbox is switched on, but its address is missing from the settings.',
    );
  }
  return config.sandboxUrl.replace(/\/+$/, '');
}

/** `GET {sandboxUrl}/personas`: the made-up people you can sign in as. */
export async function listPersonas(config: PathwaysConfig): Promise<Persona[]> {
  return json<Persona[]>(await request(`${sandboxBase(config)}/personas`));
}

export interface SandboxToken {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Gets an access token for a persona from the sandbox tenant's token endpoint. */
export async function getSandboxToken(
  config: PathwaysConfig,
  personaId: string,
): Promise<SandboxToken> {
  const form = new URLSearchParams({
    grant_type: 'urn:pathways:sandbox:persona',
    persona: personaId,
    client_id: config.clientId,
  });
  if (config.apiScope) form.set('scope', config.apiScope);
  const url = `${sandboxBase(config)}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  const body = await json<{ access_token?: string; expires_in?: number | string }>(
    await request(url, {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  );
  if (!body.access_token) throw new ApiError('The test sandbox did not give this persona a token.');
  const seconds = Number(body.expires_in ?? 3600);
  return {
    accessToken: body.access_token,
    expiresAt: Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000,
  };
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  // Office.js and teams-js reject with plain objects such as { code, message }.
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  if (typeof error === 'string' && error) return error;
  return 'Something unexpected went wrong. Please try again.';
}

/** The service's 409 asking the person which partnership they are working for. */
export function isChoosePartnership(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === CHOOSE_PARTNERSHIP;
}

/** The problems a 422 reply carries, or undefined for any other failure. */
export function formProblemOf(error: unknown): FormProblem | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const body = error.body as Partial<FormProblem> | undefined;
  if (!body || typeof body !== 'object') return { errors: {} };
  const errors: Record<string, string> = {};
  if (body.errors && typeof body.errors === 'object') {
    for (const [field, message] of Object.entries(body.errors)) {
      if (typeof message === 'string') errors[field] = message;
    }
  }
  const warnings = Array.isArray(body.warnings)
    ? body.warnings.filter((w): w is string => typeof w === 'string')
    : [];
  return warnings.length > 0 ? { errors, warnings } : { errors };
}
