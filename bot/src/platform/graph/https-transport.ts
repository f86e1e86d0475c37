import { Agent, request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * The one way the gateway reaches Microsoft 365: https through node's https agent.
 * MSAL refuses an http authority and the Graph SDK sends tokens only over https, so the
 * sandbox tenant is reached over https too; its self-signed certificate is trusted by
 * giving it as the agent's only CA, which happens in sandbox mode alone. A real tenant
 * uses the system's CAs. Same code path in both; only the trust differs.
 */
export class HttpsTransport {
  readonly agent: Agent;

  constructor(options: { trustedCertificate?: string } = {}) {
    this.agent = new Agent({
      keepAlive: true,
      ...(options.trustedCertificate ? { ca: options.trustedCertificate } : {}),
    });
  }

  send(
    url: string,
    init: {
      method?: string;
      headers?: ConstructorParameters<typeof Headers>[0];
      body?: string | undefined;
    } = {},
  ): Promise<Response> {
    const target = new URL(url);
    if (target.protocol !== 'https:') {
      return Promise.reject(new Error('Microsoft 365 is reached over https only.'));
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        target,
        { method: init.method ?? 'GET', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined) continue;
              for (const v of Array.isArray(value) ? value : [value])
                responseHeaders.append(name, v);
            }
            const status = res.statusCode ?? 500;
            const noBody = status === 204 || status === 304 || init.method === 'HEAD';
            resolve(
              new Response(noBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** MSAL's network client over the transport (token endpoint, discovery documents). */
export function msalNetworkClient(transport: HttpsTransport): INetworkModule {
  const call = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await transport.send(url, {
      method,
      headers: options?.headers ?? {},
      body: method === 'POST' ? (options?.body ?? '') : undefined,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => call('GET', url, options),
    sendPostRequestAsync: (url, options) => call('POST', url, options),
  };
}

/** The Graph SDK's last middleware: sends the request over the transport. */
export class HttpsMessageHandler implements Middleware {
  constructor(private readonly transport: HttpsTransport) {}

  async execute(context: Context): Promise<void> {
    if (typeof context.request !== 'string') {
      throw new Error('The Graph gateway sends requests by URL only.');
    }
    const options = context.options ?? {};
    const body = options.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new Error('The Graph gateway sends JSON bodies only.');
    }
    context.response = await this.transport.send(context.request, {
      method: options.method ?? 'GET',
      headers: options.headers as ConstructorParameters<typeof Headers>[0] | undefined,
      body: body ?? undefined,
    });
  }
}
