// For the Graph JS SDK (v3) talking to the sandbox over plain http. The SDK only attaches
// tokens for https hosts (AuthenticationHandler -> isValidEndpoint) and only treats
// "https://" strings as absolute URLs, so over http it sends no token and mangles
// @odata.nextLink into `${base}/v1.0/http://...`. Put this middleware first in the chain.
// Type-only imports: the sandbox needs no Graph SDK at runtime.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export class SandboxGraphMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly getAccessToken: () => Promise<string>) {}

  async execute(context: Context): Promise<void> {
    if (typeof context.request === 'string') {
      // `${base}/v1.0/http://host/v1.0/users?...` -> `http://host/v1.0/users?...`
      context.request = context.request.replace(/^https?:\/\/[^/]+\/[^/]+\/(https?:\/\/)/, '$1');
    }
    const headers = new Headers(
      context.options?.headers as ConstructorParameters<typeof Headers>[0],
    );
    headers.set('Authorization', `Bearer ${await this.getAccessToken()}`);
    context.options = { ...context.options, headers };
    if (!this.next) throw new Error('SandboxGraphMiddleware must not be last in the chain');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
